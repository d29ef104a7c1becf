using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Reports;

/// <summary>
/// The CSV report (RFC 4180 via CsvHelper): a header line once, then one row per evaluation. Appending rewrites the
/// whole file through a temporary file and a rename (AtomicFile), so a crash never leaves a half-written row. A report
/// whose columns differ from the new row's (another set of metrics, or a report of an earlier version without the newer
/// settings columns) gains the missing columns at its end, empty in the earlier rows, and the new row leaves the
/// columns it does not have empty: rows of different evaluations share one file without a value in the wrong column.
/// The read-to-rename of an append holds the report's <see cref="FileLock"/>, so that concurrent evaluations into one
/// report keep every row.
/// </summary>
public static class CsvReport
{
    /// <summary>The first column of every report (<see cref="ReportRow.Head"/>): how an existing file is recognised as one.</summary>
    const string FirstColumn = "timestamp";

    /// <summary>Refuses, before any work, an <c>--out</c> this command could not append to: one that exists but is not a report of
    /// <c>run</c>, or whose lock could never be taken (<see cref="FileLock.CheckUsable"/>). A report with other columns is fine
    /// (the append adds them). The path itself (its folder, special files) is <see cref="OutputPath.File"/>'s to check.</summary>
    public static void CheckAppendable(string path)
    {
        if (File.Exists(path) || Directory.Exists(path)) _ = Read(path);
        FileLock.CheckUsable(path);
    }

    /// <summary>How long an append waits for another process appending to the same report.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public static void Append(string path, ReportRow row)
    {
        using var writer = FileLock.Acquire(path, LockTimeout);
        var header = row.Header;
        var fields = row.ToFields();
        var (oldHeader, oldRows) = File.Exists(path) ? Read(path) : ([], []);
        var columns = oldHeader.Length == 0 ? header : [.. oldHeader, .. header.Where(h => !oldHeader.Contains(h))];
        if (oldHeader.Length > 0 && columns.Length > oldHeader.Length)
            Console.Error.WriteLine($"{path}: added the columns {string.Join(", ", columns.Skip(oldHeader.Length))} (empty in its {oldRows.Count} earlier row{(oldRows.Count == 1 ? "" : "s")})");
        var byName = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => fields[x.i]);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteHeader(columns);
            foreach (var old in oldRows) csv.WriteRecord(Enumerable.Range(0, columns.Length).Select(i => i < old.Length ? old[i] : "").ToArray());
            csv.WriteRecord(columns.Select(c => byName.GetValueOrDefault(c, "")).ToArray());
            csv.Flush();
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The header and rows of an existing report; one line naming the file when it is not a report.</summary>
    static (string[] Header, List<string[]> Rows) Read(string path)
    {
        if (Directory.Exists(path)) throw InputException.ForFile(path, "is a folder; --out names the CSV report file");
        var rows = new List<string[]>();
        try
        {
            using var reader = new StreamReader(path);
            using var csv = CsvReader.Create(reader, null, leaveOpen: false);
            var header = csv.Headers.ToArray();
            if (header.Length > 0) rows.Add(header);
            while (csv.Read()) rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i))]);
        }
        catch (CsvFormatException) { throw InputException.ForFile(path, "is not a readable CSV report; write to a new --out file"); }
        catch (UnauthorizedAccessException e) { throw InputException.ForFile(path, e.Message); }
        if (rows.Count == 0) return ([], []);
        if (rows[0].Length == 0 || rows[0][0] != FirstColumn)
            throw InputException.ForFile(path, $"is not a report of mmagan-eval run (its first column is not '{FirstColumn}'); write to a new --out file");
        return (rows[0], rows.Skip(1).ToList());
    }

    /// <summary>The digest a report gives its generated side: a generator's file SHA-256; for a folder of generated images the
    /// SHA-256 of its image files (names, sizes and bytes, as the feature cache keys them); "" for what is neither (a named
    /// reference). (A folder was hashed as a file: `run --generator FOLDER` failed with "Access to the path is denied" after
    /// the whole feature pass.)</summary>
    public static string SourceSha256(string path) =>
        File.Exists(path) ? Sha256(path)
        : Directory.Exists(path) ? Features.FeatureCache.ContentHash(Features.FeatureCache.SourceFiles(path))
        : "";

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}

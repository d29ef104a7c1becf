using System.Security.Cryptography;
using CsvHelper;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Reports;

/// <summary>
/// The CSV report (RFC 4180 via CsvHelper): a header line once, then one row per evaluation. Appending rewrites the
/// whole file through a temporary file and a rename (AtomicFile), so a crash never leaves a half-written row.
/// </summary>
public static class CsvReport
{
    public static void Append(string path, ReportRow row)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteHeader(row.Header);
            csv.Flush();
        }
        var header = text.ToString().TrimEnd('\r', '\n');
        text.GetStringBuilder().Clear();
        if (existing.Length > 0)
        {
            var firstLine = existing.Split('\n', 2)[0].TrimEnd('\r');
            if (firstLine != header)
                throw InputException.ForFile(path, "existing report has different columns; write to a new --out file");
            if (!existing.EndsWith('\n')) existing += "\r\n";
        }
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            if (existing.Length == 0) csv.WriteHeader(row.Header);
            csv.WriteRecord(row.ToFields());
            csv.Flush();
        }
        AtomicFile.WriteAllText(path, existing + text);
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}

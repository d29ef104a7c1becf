using MmaGan.Eval.Reports;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Reports;

/// <summary>Rows of different evaluations share one report: columns a row lacks stay empty, columns a report lacks are added.</summary>
public class CsvReportTests
{
    static ReportRow Row(int seed, params MetricDescriptor[] metrics) => new()
    {
        Generator = "g.onnx", Seed = seed, N = 10, Metrics = metrics,
        Values = metrics.SelectMany(m => m.Keys).ToDictionary(k => k.Key, object? (k) => k.Key + seed),
        Settings = new Dictionary<string, object?> { ["dims"] = 2048, ["caveats"] = "n 10 (not 50000: FID and IS depend on n)" },
    };

    static string[][] Cells(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvHelper.CsvReader.Create(reader, null, leaveOpen: false);
        var rows = new List<string[]> { csv.Headers.ToArray() };
        while (csv.Read()) rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i))]);
        return [.. rows];
    }

    [Fact]
    public void RowsOfOtherMetricsAddTheirColumns_AndEarlierVersionsReportsGainTheSettingsColumns()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "report.csv");
        CsvReport.Append(path, Row(1, MetricRegistry.Fid));
        CsvReport.Append(path, Row(2, MetricRegistry.Kid));
        CsvReport.Append(path, Row(3, MetricRegistry.Fid));
        var cells = Cells(path);
        Assert.Equal(4, cells.Length);
        Assert.All(cells, r => Assert.Equal(cells[0].Length, r.Length));
        var col = cells[0].Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        Assert.Equal(["fid1", "", "fid3"], cells.Skip(1).Select(r => r[col["fid"]]));
        Assert.Equal(["", "kid_mean2", ""], cells.Skip(1).Select(r => r[col["kid_mean"]]));
        Assert.Equal("2048", cells[1][col["dims"]]);
        Assert.Equal("n 10 (not 50000: FID and IS depend on n)", cells[3][col["caveats"]]);

        // A report written before the settings columns existed: they are added, empty in its rows.
        var old = Path.Combine(dir, "old.csv");
        File.WriteAllText(old, "timestamp,generator,seed,n,fid\r\n2026-01-01T00:00:00Z,a.onnx,42,50000,3.5\r\n");
        CsvReport.Append(old, Row(4, MetricRegistry.Fid));
        var upgraded = Cells(old);
        Assert.Equal(["timestamp", "generator", "seed", "n", "fid"], upgraded[0][..5]);
        Assert.Contains("dims", upgraded[0]);
        Assert.Equal(["2026-01-01T00:00:00Z", "a.onnx", "42", "50000", "3.5"], upgraded[1][..5]);
        Assert.All(upgraded[1][5..], Assert.Empty);
        Assert.Equal("fid4", upgraded[2][4]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AFileThatIsNotAReportIsRefusedBeforeAnyWork()
    {
        var dir = SharedFixtures.TempDir();
        var other = Path.Combine(dir, "results.csv");
        File.WriteAllText(other, "run_id,fid\r\nx,1\r\n");
        Assert.Contains("is not a report of mmagan-eval run", Assert.Throws<InputException>(() => CsvReport.CheckAppendable(other)).Message);
        CsvReport.CheckAppendable(Path.Combine(dir, "new.csv"));   // a new file is fine
        Assert.Equal("run_id,fid\r\nx,1\r\n", File.ReadAllText(other));
        Directory.Delete(dir, true);
    }
    /// <summary>every check of an --out is made before work — a report with other columns is appendable (the
    /// append adds them), a lock file held by another writer is waited for at the append, and a lock that could never be taken
    /// (its file a folder) is refused now, not after the feature pass.</summary>
    [Fact]
    public void TheLockAndTheColumnsAreCheckedBeforeAnyWork()
    {
        var dir = SharedFixtures.TempDir();
        var report = Path.Combine(dir, "report.csv");
        File.WriteAllText(report, "timestamp,generator,seed,n,kid_mean\r\n2026-01-01T00:00:00Z,a.onnx,42,50000,0.1\r\n");
        CsvReport.CheckAppendable(report);                                  // other columns: fine
        Assert.False(File.Exists(FileLock.PathFor(report)));                // the check creates no lock file
        using (FileLock.Acquire(report, TimeSpan.FromSeconds(1))) CsvReport.CheckAppendable(report);   // held now: the append will wait
        File.Delete(FileLock.PathFor(report));
        Directory.CreateDirectory(FileLock.PathFor(report));
        var e = Assert.Throws<InputException>(() => CsvReport.CheckAppendable(report));
        Assert.Equal($"{report}: cannot lock it for writing ({FileLock.PathFor(report)} is a folder; remove it)", e.Message);
        Directory.Delete(dir, true);
    }
}

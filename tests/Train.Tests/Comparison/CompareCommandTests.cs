using System.Text.RegularExpressions;
using MmaGan.TestSupport;
using MmaGan.Train.Cli;
using MmaGan.Train.Comparison;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using Xunit;

namespace MmaGan.Train.Tests.Comparison;

/// <summary>Issue 26 item 8: <c>mmagan-train compare RUN…</c> (and <c>plot RUN RUN…</c>) — a rounded table of what differs and
/// what came out, and the runs' overlaid curves in one PNG; a folder that is not a run is one line, exit 2.</summary>
public class CompareCommandTests(CompareCommandTests.TwoRuns runs) : IClassFixture<CompareCommandTests.TwoRuns>
{
    /// <summary>Two small toy runs (MMA-GAN K = 4 and DCGAN, 30 steps of grid25, toy metrics every 10), trained once for the class.</summary>
    public sealed class TwoRuns
    {
        public string Root { get; } = SharedFixtures.TempDir();
        public string Mma => Path.Combine(Root, "a-mma");
        public string Gan => Path.Combine(Root, "b-gan");

        public TwoRuns()
        {
            foreach (var (dir, method) in new[] { (Mma, GanMethod.Mma), (Gan, GanMethod.Dcgan) })
            {
                var config = new TrainConfig
                {
                    Method = method, Data = "grid25", Out = dir, Steps = 30, Threads = 1, Batch = 16, DivBatch = 16, K = 4,
                    SampleEvery = 1000, MetricsEvery = 10, CheckpointEvery = 1000, Export = false,
                };
                Assert.Equal(TrainStatus.Completed, new Trainer(config).Run(resume: false).Status);
            }
        }
    }

    static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (Shared.Cli.CommandLine.Run(global::MmaGan.Train.Program.BuildRoot(), args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    /// <summary>Every number in a cell has at most 4 significant digits (no 17-digit round-trip floats).</summary>
    static void AssertRounded(string cell)
    {
        foreach (Match m in Regex.Matches(cell, @"-?\d+\.\d+"))
            Assert.True(m.Value.TrimStart('-').TrimStart('0', '.').Replace(".", "").Length <= 4, $"{m.Value} has more than 4 significant digits");
    }

    [Fact]
    public void TableShowsTheSettingsThatDiffer_LossesAsLastMeans_AndFinalMetrics_Rounded()
    {
        var folders = RunComparison.Read([runs.Mma, runs.Gan]);
        var table = RunComparison.Table(folders, last: 10);
        // MMA-GAN's own settings differ from DCGAN's "–"; the rest (data, seed, batch, …) is the same and not shown.
        Assert.Equal(["run", "method", "k", "lambda", "tau", "div_batch", "steps", "loss_d", "loss_g", "loss_g_div", "a_mean",
            "modes_covered_hq", "modes_covered_1pct", "hq_fraction", "reverse_kl"], table.Keys);
        Assert.Equal("modes (≥1 HQ) ↑", table.Labels[table.Keys.ToList().IndexOf("modes_covered_hq")]);
        Assert.Equal("reverse KL ↓", table.Labels[^1]);
        Assert.Equal(["a-mma", "mma", "4", "0.5", "0.5", "16", "30"], table.Rows[0].Take(7));
        Assert.Equal(["b-gan", "dcgan", "–", "–", "–", "–", "30"], table.Rows[1].Take(7));
        Assert.Equal("", table.Rows[1][table.Keys.ToList().IndexOf("loss_g_div")]);   // DCGAN logs no diversity term

        // loss_d is the mean of the last 10 logged steps, to 4 significant digits
        var losses = Shared.IO.CurveFile.TryRead(Path.Combine(runs.Mma, "losses.csv"))!.Column("loss_d")!;
        Assert.Equal(SignificantDigits.Format(losses.TakeLast(10).Average()), table.Rows[0][7]);
        // final metrics: the last row of metrics.csv (step 30)
        var kl = Shared.IO.CurveFile.TryRead(Path.Combine(runs.Gan, "metrics.csv"))!.Column("reverse_kl")!;
        Assert.Equal(SignificantDigits.Format(kl[^1]), table.Rows[1][^1]);
        foreach (var cell in table.Rows.SelectMany(r => r)) AssertRounded(cell);
    }

    [Fact]
    public void CompareWritesTheTableAndOnePngOfOverlaidCurves_PlotWithSeveralRunsDoesTheSame_CsvIsRoundedToo()
    {
        var png = Path.Combine(runs.Root, "cmp.png");
        var (code, stdout, stderr) = Invoke("compare", runs.Mma, runs.Gan, "--out", png);
        Assert.True(code == 0, stderr);
        Assert.Contains("a-mma", stdout);
        Assert.Contains("reverse KL ↓", stdout);
        Assert.Contains("losses: mean of each run's last 100 logged steps", stdout);
        Assert.Contains($"→ {png}", stderr);
        var image = Shared.Imaging.ImageFile.Read(png);
        Assert.Equal(2 * ComparisonPlot.PanelWidth, image.Width);   // two columns of panels
        // loss_d, loss_g, the 4 toy metrics (loss_g_div and a_mean are MMA-GAN's only): 3 rows of panels, a legend and the caption
        Assert.True(image.Height > 3 * ComparisonPlot.PanelHeight, $"height {image.Height}");
        Assert.Contains("not plotted (logged by one run only): loss_g_div, a_mean", stderr);

        var png2 = Path.Combine(runs.Root, "plot.png");
        var plot = Invoke("plot", runs.Mma, runs.Gan, "--out", png2, "--csv");
        Assert.Equal(0, plot.Code);
        Assert.True(File.Exists(png2));
        var lines = plot.Out.Trim().Split('\n');
        Assert.StartsWith("run,method,k,lambda,tau,div_batch,steps,loss_d,loss_g", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("b-gan,dcgan,–,–,–,–,30,", lines[2]);
        foreach (var cell in lines.Skip(1).SelectMany(l => l.Split(','))) AssertRounded(cell);

        // One run: its own plots, as before; the comparison's options say they do nothing there.
        var single = Invoke("plot", runs.Gan, "--csv");
        Assert.Equal(0, single.Code);
        Assert.Contains($"wrote {Path.Combine(runs.Gan, "plots", "losses.png")}", single.Out);
        Assert.Contains("warning: --csv: the comparison's options; one run is plotted into", single.Err);
    }

    [Fact]
    public void AFolderThatIsNotARun_OrNoRunFolderAtAll_IsOneLineExit2_AndNoPngIsWritten()
    {
        var notRun = Directory.CreateDirectory(Path.Combine(runs.Root, "images")).FullName;
        var png = Path.Combine(runs.Root, "bad.png");
        foreach (var (args, expected) in new[]
                 {
                     (new[] { "compare", runs.Mma, notRun, "--out", png }, $"error: {notRun}: not a training run folder (no config.json)"),
                     (new[] { "compare", runs.Mma, Path.Combine(runs.Root, "missing"), "--out", png }, $"error: {Path.Combine(runs.Root, "missing")}: no such run folder"),
                     (new[] { "plot", runs.Mma, notRun, "--out", png }, $"error: {notRun}: not a training run folder (no config.json)"),
                     (new[] { "compare", runs.Mma, runs.Mma, "--out", png }, $"error: {runs.Mma}: given twice"),
                     (new[] { "compare", runs.Mma, runs.Gan, "--out", png, "--last", "0" }, "error: --last must be at least 1, got 0"),
                 })
        {
            var (code, _, stderr) = Invoke(args);
            Assert.Equal(2, code);
            Assert.Equal(expected, Assert.Single(stderr.Trim().Split('\n')));
            Assert.False(File.Exists(png));
        }
        // A run folder whose losses.csv is gone (a run that failed before its first step).
        var empty = Path.Combine(runs.Root, "empty");
        Directory.CreateDirectory(empty);
        File.Copy(Path.Combine(runs.Gan, "config.json"), Path.Combine(empty, "config.json"));
        var (c, _, e) = Invoke("compare", runs.Mma, empty, "--out", png);
        Assert.Equal(2, c);
        Assert.StartsWith($"error: {Path.Combine(empty, "losses.csv")}: no losses logged", Assert.Single(e.Trim().Split('\n')));
    }
}

using System.Text.Json;
using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Cli;

/// <summary><c>mmagan-bench run --methods</c> adds to the folder's report: results.csv holds the finished runs of every method.</summary>
public class RunMethodsReportTests
{
    static string ToySmoke => Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", "toy-smoke.json"); // 16 runs, 4 of them WGAN-GP

    [Fact]
    public void RunWithMethods_ReportsTheOtherMethodsFinishedRunsToo()
    {
        var dir = SharedFixtures.TempDir();
        foreach (var spec in RunPlanner.Plan(ExperimentConfig.Load(ToySmoke)))   // every run finished already: nothing trains
        {
            var runDir = SweepRunner.RunDir(dir, spec);
            Directory.CreateDirectory(runDir);
            (RunResult.For(spec, runDir) with
            {
                Metrics = new(StringComparer.Ordinal) { ["hq_fraction"] = 0.5, ["modes_covered_hq"] = 3, ["reverse_kl"] = 1.0 },
            }).Save(runDir);
        }
        var r = BenchCli.RunWith(new Dictionary<string, string?>(), "run", ToySmoke, "--out", dir, "--methods", "wgan-gp", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonDocument.Parse(r.LastLine).RootElement;
        Assert.Equal(4, json.GetProperty("runs").GetInt32());
        Assert.Equal(4, json.GetProperty("finished").GetInt32());
        Assert.Contains("4/4 runs finished", r.Stdout);
        Assert.Contains("the report also holds 12 finished runs of the sweep's other methods or shards", r.Stdout);
        var rows = ResultsTable.Read(Path.Combine(dir, ResultsTable.FileName));
        Assert.Equal(16, rows.Count);
        Assert.Equal(["dcgan", "mma", "wgan-gp"], rows.Select(x => x.Method).Distinct().Order(StringComparer.Ordinal));
    }
}

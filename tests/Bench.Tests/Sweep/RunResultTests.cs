using System.Text.Json;
using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class RunResultTests
{
    [Fact]
    public void ResultJson_HoldsTheDocumentedKeysOnly_AndRoundTrips()
    {
        var dir = SharedFixtures.TempDir();
        var result = RunResult.For(new RunSpec("stacked-mnist", "wgan-gp", null, null, null, 3, 0.25), dir) with
        {
            Steps = 5000, TrainSeconds = 12.5, Metrics = new(StringComparer.Ordinal) { ["modes_covered"] = 10 },
        };
        result.Save(dir);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunResult.FileName)));
        Assert.Equal(["run_id", "config_id", "dataset", "method", "k", "lambda", "tau", "seed", "d_size", "steps", "status", "error",
            "train_seconds", "resumed_from", "eval_seconds", "metrics", "run_dir"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var back = RunResult.TryLoad(dir)!;
        Assert.Equal((result.RunId, result.Seed, result.DSize, result.Steps, 10.0), (back.RunId, back.Seed, back.DSize, back.Steps, back.Metrics["modes_covered"]));
        Assert.True(back.Ok);
    }
}

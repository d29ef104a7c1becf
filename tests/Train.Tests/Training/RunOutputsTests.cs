using System.Text.Json;
using MmaGan.Train.Config;
using MmaGan.Train.Plots;
using MmaGan.Train.Training;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Training;

/// <summary>What a run folder says about itself (so that a reader needs nothing else to know what ran).</summary>
public class RunOutputsTests
{
    static TrainConfig Toy(string dir, GanMethod method, long? steps) => new()
    {
        Method = method, Data = "grid25", Out = dir, Steps = steps, Epochs = 100, Threads = 1, Batch = 16, DivBatch = 16, K = 4,
        SampleEvery = 1000, MetricsEvery = 10, CheckpointEvery = 10, Export = false,
    };

    [Fact]
    public void WganGpLogsTheWassersteinEstimateAndPenalty_AndConfigSaysStepsGovern_AndPlotsAreWritten()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "wgan");
        Assert.Equal(TrainStatus.Completed, new Trainer(Toy(dir, GanMethod.WganGp, 20)).Run(resume: false).Status);
        var lines = File.ReadAllLines(Path.Combine(dir, "losses.csv"));
        Assert.Equal("step,epoch,loss_d,loss_g,wasserstein_estimate,gradient_penalty", lines[0]);
        var log = MmaGan.Shared.IO.CurveFile.TryRead(Path.Combine(dir, "losses.csv"))!;
        // loss_d = −W + 10·GP of the step's last critic update (float32 rounding of each term)
        var (d, w, gp) = (log.Column("loss_d")!, log.Column("wasserstein_estimate")!, log.Column("gradient_penalty")!);
        for (var i = 0; i < d.Length; i++)
        {
            Assert.True(gp[i] >= 0);
            Assert.Equal(d[i], -w[i] + 10 * gp[i], 4);
        }

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal("steps", config.RootElement.GetProperty("governed_by").GetString());
        Assert.Equal(20, config.RootElement.GetProperty("total_steps").GetInt64());
        Assert.Equal([2L], config.RootElement.GetProperty("sample_shape").EnumerateArray().Select(e => e.GetInt64()));

        foreach (var png in new[] { "losses.png", "wasserstein.png", "toy-modes.png", "toy-hq-fraction.png", "toy-reverse-kl.png" })
            Assert.True(new FileInfo(Path.Combine(dir, "plots", png)).Length > 1000, png);
        Assert.False(File.Exists(Path.Combine(dir, "plots", "activations.png")));
    }

    [Fact]
    public void EpochsGovern_WhenNoStepsAreGiven_AndOldStringSampleShapesStillRead()
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "mma");
        RunConfigFile.Write(Directory.CreateDirectory(dir).FullName, Toy(dir, GanMethod.Mma, null), "grid25", [2], 4000);
        var text = File.ReadAllText(Path.Combine(dir, "config.json"));
        using (var json = JsonDocument.Parse(text))
            Assert.Equal("epochs", json.RootElement.GetProperty("governed_by").GetString());
        var old = text.Replace("\"sample_shape\": [\n    2\n  ]", "\"sample_shape\": [\"2\"]");
        Assert.NotEqual(text, old);
        var contents = JsonSerializer.Deserialize<RunConfigFile.Contents>(old, RunConfigFile.Json)!;
        Assert.Equal([2L], contents.SampleShape);
    }
}

using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using MmaGan.Train.Cli;
using MmaGan.Train.Config;
using MmaGan.Train.Export;
using MmaGan.Train.Training;
using Xunit;

namespace MmaGan.Train.Tests.Export;

public class ExportCommandTests
{
    static string TrainToyRun(bool export)
    {
        var dir = Path.Combine(SharedFixtures.TempDir("mmagan-export-run"), "run");
        var config = new TrainConfig
        {
            Method = GanMethod.Mma, Data = "ring8", Out = dir, Steps = 4, Batch = 16, DivBatch = 16, CheckpointEvery = 2,
            SampleEvery = 1000, MetricsEvery = 1000, Threads = 1, Seed = 5, Export = export,
        };
        var outcome = new Trainer(config) { GeneratorExportHook = (state, path) => TrainingStateExport.Export(state, path) }.Run(resume: false);
        Assert.Equal(TrainStatus.Completed, outcome.Status);
        return dir;
    }

    [Fact]
    public void TrainingEndsWithGeneratorOnnx_AndCheckpointsExport()
    {
        var dir = TrainToyRun(export: true);
        var final = Path.Combine(dir, "generator.onnx");
        Assert.True(File.Exists(final));
        using (var g = OnnxGenerator.Open(final))
        {
            Assert.Equal("4", g.Metadata["step"]);
            Assert.Equal("mma", g.Metadata["method"]);
            Assert.Equal("ring8", g.Metadata["dataset"]);
            Assert.Equal("5", g.Metadata["seed"]);
            Assert.Equal([2], g.SampleShape);
            Assert.Equal(100, g.LatentSize);
        }

        var out2 = Path.Combine(dir, "step2.onnx");
        var (step, diff) = ExportCommand.ExportCheckpoint(dir, 2, out2);
        Assert.Equal(2, step);
        Assert.True(diff <= 1e-4);
        using (var g = OnnxGenerator.Open(out2)) Assert.Equal("2", g.Metadata["step"]);

        // The newest checkpoint reproduces the end-of-training export exactly.
        var out4 = Path.Combine(dir, "latest.onnx");
        Assert.Equal(4, ExportCommand.ExportCheckpoint(dir, null, out4).Step);
        var z = StandardNormalLatents.Sample(1, 10 * 100);
        using var a = OnnxGenerator.Open(final);
        using var b = OnnxGenerator.Open(out4);
        Assert.Equal(a.Run(z, 10), b.Run(z, 10));
    }

    [Fact]
    public void MissingRunOrCheckpoint_IsInputError()
    {
        var missing = Path.Combine(SharedFixtures.TempDir(), "nope");
        Assert.Throws<InputException>(() => ExportCommand.ExportCheckpoint(missing, null, Path.Combine(missing, "g.onnx")));
        var dir = TrainToyRun(export: false);
        Assert.False(File.Exists(Path.Combine(dir, "generator.onnx")));
        var e = Assert.Throws<InputException>(() => ExportCommand.ExportCheckpoint(dir, 3, Path.Combine(dir, "g.onnx")));
        Assert.Contains("step 3", e.Message);
    }

    [Fact]
    public void Cli_ExportPrintsJsonAndExitCodes()
    {
        var dir = TrainToyRun(export: false);
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(ExportCommand.Create());
        var outPath = Path.Combine(dir, "cli.onnx");
        var stdout = new StringWriter();
        var old = Console.Out;
        Console.SetOut(stdout);
        int code, bad;
        try
        {
            code = root.Parse(["export", dir, "--out", outPath, "--json"]).Invoke();
            bad = root.Parse(["export", dir + "-missing"]).Invoke();
        }
        finally { Console.SetOut(old); }
        Assert.Equal(0, code);
        Assert.Equal(2, bad);
        Assert.True(File.Exists(outPath));
        var last = stdout.ToString().TrimEnd().Split('\n')[^1];
        using var doc = System.Text.Json.JsonDocument.Parse(last);
        Assert.Equal(4, doc.RootElement.GetProperty("step").GetInt64());
        Assert.True(doc.RootElement.GetProperty("max_abs_diff").GetDouble() <= 1e-4);
    }
}

using MmaGan.Bench.Cli;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

/// <summary>A sweep checks every run's trainer and evaluator command line with the programs' own parsers before its first run (also with --dry-run).</summary>
public class ArgumentPreflightTests
{
    static string Config(string dir, string extraArgs, string metrics = "\"toy\"", string datasets = "\"grid25\"")
    {
        var path = Path.Combine(dir, "c.json");
        File.WriteAllText(path, $$"""
            { "name": "t", "datasets": [{{datasets}}], "methods": ["dcgan", "mma"], "grid": { "k": [2], "lambda": [0.5], "tau": [0.5] },
              "seeds": [1, 2], "train": { "steps": 5, "extra_args": [{{extraArgs}}] }, "eval": { "metrics": [{{metrics}}] } }
            """);
        return path;
    }

    static void Check(string path, string outDir)
    {
        var tools = ToolLocator.Find();
        var config = ExperimentConfig.Load(path);
        config.Validate(path, tools.Root);
        ArgumentPreflight.Check(config, tools, path, outDir, RunPlanner.Plan(config), CancellationToken.None);
    }

    [Fact]
    public void FlagsTheSweepSetsItselfAreRefusedInExtraArgs()
    {
        var dir = SharedFixtures.TempDir();
        var e = Assert.Throws<InputException>(() => Check(Config(dir, "\"--out\", \"/tmp/x\""), dir));
        Assert.Contains("train.extra_args: --out is set by the sweep for each run", e.Message);
    }

    [Fact]
    public void AnUnknownTrainerFlagIsFoundByTheTrainersParser_AndAValidOnePasses()
    {
        var dir = SharedFixtures.TempDir();
        var e = Assert.Throws<InputException>(() => Check(Config(dir, "\"--frobnicate\""), dir));
        Assert.Contains("4 of 4 runs would fail", e.Message);
        Assert.Contains("grid25_dcgan_s1 and 3 more: trainer: mmagan-train: unknown option '--frobnicate'", e.Message);
        Check(Config(dir, "\"--critic-steps\", \"3\""), dir);
        e = Assert.Throws<InputException>(() => Check(Config(dir, "\"--critic-steps\", \"x\""), dir));
        Assert.Contains("--critic-steps 'x': expected a whole number", e.Message);
    }

    /// <summary>An eval.device the evaluator cannot use here (its CPU build, or no CUDA library) stops the sweep — and
    /// its dry run — in one line before anything trains.</summary>
    [Fact]
    public void AnUnusableEvalDeviceStopsTheDryRun()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "cuda.json");
        File.WriteAllText(path, File.ReadAllText(Config(dir, "")).Replace("\"metrics\": [\"toy\"]", "\"metrics\": [\"toy\"], \"device\": \"cuda\""));
        var r = Cli.BenchCli.RunWith(new Dictionary<string, string?>(), "run", path, "--out", Path.Combine(dir, "out"), "--dry-run");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Matches("^error: .*cuda.json: eval.device cuda: (this is the CPU build of mmagan-eval|the CUDA execution provider cannot load)", line);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    /// <summary>The default Inception model missing from the models folder: the evaluator's check names it before anything trains.</summary>
    [SharedFact]
    public void AMissingDefaultModelStopsTheDryRun()
    {
        var dir = SharedFixtures.TempDir();
        var cifar = SharedFixtures.Path_("data", "cifar10");
        var path = Config(dir, "", "\"fid\"", $"\"cifar10:{cifar}\"");
        var r = Cli.BenchCli.RunWith(new Dictionary<string, string?> { ["MMAGAN_MODELS"] = Path.Combine(dir, "no-models") },
            "run", path, "--out", Path.Combine(dir, "out"), "--dry-run");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("evaluator: ", line);
        Assert.Contains("fid-inception.onnx: model not found", line);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}

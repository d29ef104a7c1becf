using MmaGan.Bench.Sweep;
using MmaGan.Shared.Metrics;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class EvaluatorArgumentsTests
{
    static readonly RunSpec Run = new("cifar10:data/c", "mma", 8, 0.5, 0.5, 1);
    static readonly EvalAssets Assets = new("/m/inc.onnx", "/m/lpips.onnx", new Dictionary<string, string> { ["cifar10:data/c"] = "/r/cifar10.npz" }, "/repo");

    /// <summary>The value following <paramref name="flag"/>.</summary>
    static string After(List<string> args, string flag) => args[args.IndexOf(flag) + 1];

    [Fact]
    public void OneRunPass_CarriesTheConfigsSettingsAndNothingElse()
    {
        var e = new EvalSpec { Metrics = ["fid", "is", "lpips"], Samples = 500, IsSplits = 5, LpipsPairs = 300, LpipsPairing = "consecutive", Device = "cuda" };
        var call = Assert.Single(EvaluatorArguments.For(e, Assets, Run, "/g.onnx", "/out/eval.csv"));
        var args = call.Args;
        Assert.Equal("run", args[0]);
        Assert.Equal("fid,is,lpips", After(args, "--metrics"));
        Assert.Equal("5", After(args, "--is-splits"));
        Assert.Equal("300", After(args, "--lpips-pairs"));
        Assert.Equal("consecutive", After(args, "--lpips-pairing"));
        Assert.Equal("500", After(args, "--n"));
        Assert.Equal("/r/cifar10.npz", After(args, "--reference"));
        Assert.Equal("cuda", After(args, "--device"));
        Assert.Equal("/m/inc.onnx", After(args, "--inception"));
        Assert.Equal("/m/lpips.onnx", After(args, "--lpips"));
        Assert.Equal("--json", args[^1]);
        Assert.Equal([MetricRegistry.Fid, MetricRegistry.InceptionScore, MetricRegistry.Lpips], call.Metrics);

        // Settings the config leaves out are the evaluator's defaults: not restated on the command line.
        var bare = Assert.Single(EvaluatorArguments.For(new EvalSpec { Metrics = ["is", "lpips"] }, Assets, Run, "/g.onnx", "/out/eval.csv")).Args;
        foreach (var flag in new[] { "--n", "--is-splits", "--lpips-pairs", "--lpips-pairing", "--reference" }) Assert.DoesNotContain(flag, bare);
    }

    [Fact]
    public void FeatureMetricsTakeTheDatasetAsReference_AndToysTheirOwnCommand()
    {
        var kid = Assert.Single(EvaluatorArguments.For(new EvalSpec { Metrics = ["fid", "kid"], ReferenceSamples = 100 }, Assets, Run, "/g.onnx", "/e.csv")).Args;
        Assert.Equal("cifar10:/repo/data/c", After(kid, "--reference"));
        Assert.Equal("100", After(kid, "--n-ref"));
        var toy = Assert.Single(EvaluatorArguments.For(new EvalSpec { Metrics = ["toy"], ToySamples = 500 }, Assets, new RunSpec("grid25", "mma", 8, 0.5, 0.5, 1), "/g.onnx", "/e.csv"));
        Assert.Equal(["toy", "/g.onnx", "--data", "grid25", "--n", "500", "--json"], toy.Args);
    }

    [Fact]
    public void StackedMnistMetricsReadTheDatasetThroughTheDigitClassifier()
    {
        var run = new RunSpec("stacked-mnist:data/t10k-images-idx3-ubyte.gz", "dcgan", null, null, null, 1, DSize: 0.5);
        var call = Assert.Single(EvaluatorArguments.For(new EvalSpec { Metrics = ["modes", "fd-classifier"], Samples = 25600, ReferenceSamples = 25600 },
            Assets with { Classifier = "/m/clf.onnx" }, run, "/g.onnx", "/e.csv"));
        Assert.Equal("modes,fd-classifier", After(call.Args, "--metrics"));
        Assert.Equal("stacked-mnist:/repo/data/t10k-images-idx3-ubyte.gz", After(call.Args, "--reference"));
        Assert.Equal("/m/clf.onnx", After(call.Args, "--classifier"));
        Assert.Equal("25600", After(call.Args, "--n-ref"));
        Assert.Equal("stacked-mnist_dcgan_d0.5", run.ConfigId);
        Assert.Equal(["--d-size", "0.5"], TrainerArguments.For(new ExperimentConfig { Train = new TrainSpec { Steps = 10 } }, run, "/r", "/repo")
            .SkipWhile(a => a != "--d-size").Take(2));
    }

    [Fact]
    public void TheEvaluatorsJsonIsReadThroughTheRegistryKeys()
    {
        var line = """{"fid":12.5,"is_mean":3.1,"is_std":0.2,"is_splits":10,"is_seed":2020,"lpips_diversity":"NaN","pairs":1000,"lpips_pairing":"random","lpips_seed":42,"generated":"/g.onnx","n":50000}""";
        var m = EvaluatorJson.Metrics(line, [MetricRegistry.Fid, MetricRegistry.InceptionScore, MetricRegistry.Lpips]);
        Assert.Equal(12.5, m["fid"]);
        Assert.True(double.IsNaN(m["lpips_diversity"]));
        Assert.Equal(1000, m["pairs"]);
        Assert.False(m.ContainsKey("lpips_pairing"));
        Assert.False(m.ContainsKey("n"));
        Assert.Contains("kid_mean", Assert.Throws<InvalidOperationException>(() => EvaluatorJson.Metrics(line, [MetricRegistry.Kid])).Message);
        Assert.Throws<InvalidOperationException>(() => EvaluatorJson.Metrics("FID: 12", [MetricRegistry.Fid]));
    }
}

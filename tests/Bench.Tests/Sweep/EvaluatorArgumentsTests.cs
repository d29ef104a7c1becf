using MmaGan.Bench.Sweep;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class EvaluatorArgumentsTests
{
    static readonly RunSpec Run = new("cifar10:data/c", "mma", 8, 0.5, 0.5, 1);
    static readonly EvalAssets Assets = new("/m/inc.onnx", "/m/lpips.onnx", new Dictionary<string, string> { ["cifar10:data/c"] = "/r/cifar10.npz" });

    static EvalSpec Spec(params string[] metrics) =>
        new() { Metrics = metrics, Samples = 500, IsSplits = 5, LpipsPairs = 300, LpipsPairing = "consecutive", Device = "cuda" };

    /// <summary>The value following <paramref name="flag"/>.</summary>
    static string After(List<string> args, string flag) => args[args.IndexOf(flag) + 1];

    [Fact]
    public void RunPass_CarriesTheConfigsSplitsPairsAndPairing()
    {
        var e = Spec("fid", "is", "lpips");
        Assert.True(EvaluatorArguments.UsesRunPass(e));
        var args = EvaluatorArguments.Run(e, Assets, Run, "/g.onnx", "/out/eval.csv");
        Assert.Equal("run", args[0]);
        Assert.Equal("5", After(args, "--is-splits"));
        Assert.Equal("300", After(args, "--lpips-pairs"));
        Assert.Equal("consecutive", After(args, "--lpips-pairing"));
        Assert.Equal("500", After(args, "--n"));
        Assert.Equal("/r/cifar10.npz", After(args, "--reference"));
        Assert.Equal("cuda", After(args, "--device"));
        Assert.Equal("/m/inc.onnx", After(args, "--inception"));
        Assert.Equal("/m/lpips.onnx", After(args, "--lpips"));
    }

    [Fact]
    public void SeparateCommands_CarryTheSameSettings()
    {
        var e = Spec("is", "lpips");
        Assert.False(EvaluatorArguments.UsesRunPass(e));
        Assert.Equal("5", After(EvaluatorArguments.Metric("is", e, Assets, Run, "/g.onnx"), "--splits"));
        var lpips = EvaluatorArguments.Metric("lpips", e, Assets, Run, "/g.onnx");
        Assert.Equal("300", After(lpips, "--n-pairs"));
        Assert.Equal("600", After(lpips, "--n")); // P pairs from the first 2·P samples, as in `run`
        Assert.Equal("consecutive", After(lpips, "--pairs"));
        Assert.Equal("--json", lpips[^1]);
    }
}

using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;
using static MmaGan.Eval.Tests.Cli.CommandRequestsTests;

namespace MmaGan.Eval.Tests.Cli;

/// <summary><c>--features</c>, <c>--feature-model</c>, <c>--inception</c>, <c>--dims</c> and <c>--preprocess</c> (<c>--resize</c>): one
/// grammar in stats, fid, kid, prdc, fd-inf, vendi and run, and one line for every contradiction.</summary>
public class FeatureOptionsTests
{
    [Fact]
    public void EveryFeatureCommandReadsTheSameFlags()
    {
        foreach (var command in new[] { new[] { "fid", "a", "b" }, ["kid", "a", "b"], ["prdc", "a", "b"], ["fd-inf", "a", "b"], ["vendi", "a"],
                     ["run", "--generator", "g.onnx", "--reference", "r", "--out", "x.csv", "--metrics", "fid,vendi"] })
        {
            var r = Request([.. command, "--features", "dinov2", "--feature-model", "d.onnx", "--preprocess", "torch-fidelity"]);
            Assert.Equal(new FeatureModelChoice("dinov2", "d.onnx", InceptionDims.Default, "torch-fidelity"), r.FeatureModel);
            Assert.Equal(new FeatureModelChoice(), Request(command).FeatureModel);
        }
        // --inception is the Inception's file; with --features inception it is --feature-model's synonym
        Assert.Equal(new FeatureModelChoice("inception", "i.onnx"), Request("fid", "a", "b", "--inception", "i.onnx").FeatureModel);
        Assert.Equal(new FeatureModelChoice("inception", "i.onnx"), Request("fid", "a", "b", "--feature-model", "i.onnx").FeatureModel);
        Assert.Equal(new FeatureModelChoice("inception", null, InceptionDims.Default, "clean"), Request("fid", "a", "b", "--resize", "clean").FeatureModel);
        Assert.Equal(768, Request("kid", "a", "b", "--dims", "768").FeatureModel.Dims);
        // run: IS keeps the Inception (--inception) beside another space's metrics
        var run = Request("run", "--generator", "g.onnx", "--reference", "r", "--out", "x.csv", "--features", "clip", "--inception", "i.onnx", "--feature-model", "c.onnx");
        Assert.Equal(("clip", "c.onnx", "i.onnx"), (run.FeatureModel.Space, run.FeatureModel.Path, run.FeatureModelPaths["inception"]));
    }

    [Theory]
    [InlineData("--features dinov2 --dims 768", "--dims 768: only the Inception features have earlier blocks (--features dinov2)")]
    [InlineData("--features dinov2 --inception i.onnx", "--inception names an Inception model; with --features dinov2 give the DINOv2 model with --feature-model")]
    [InlineData("--inception i.onnx --feature-model j.onnx", "--inception and --feature-model name different files; give one")]
    [InlineData("--features dinov2 --preprocess clean", "--preprocess clean: dinov2 features come with dgm-eval or torch-fidelity")]
    [InlineData("--features clip --resize legacy-pytorch", "--preprocess legacy-pytorch: clip features come with clean-fid-clip")]
    public void ContradictionsAreOneLine(string flags, string message)
    {
        var e = Assert.Throws<InputException>(() => Request(["fid", "a", "b", .. flags.Split(' ')]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void AnUnknownSpaceIsRefusedByTheParser()
    {
        var parsed = Program.BuildRoot().Parse(["fid", "a", "b", "--features", "vgg"]);
        Assert.Contains(parsed.Errors, e => e.Message.Contains("vgg") && e.Message.Contains("dinov2"));
    }

    /// <summary>Without --feature-model, the models folder's file of the space and convention; missing, one line naming it and the flag.</summary>
    [Theory]
    [InlineData("dinov2", null, "dinov2-vitl14.onnx")]
    [InlineData("dinov2", "torch-fidelity", "dinov2-vitl14-torch-fidelity.onnx")]
    [InlineData("clip", null, "clip-vit-b32.onnx")]
    [InlineData("inception", "clean", "fid-inception-clean.onnx")]
    public void TheDefaultModelIsTheModelsFoldersFileOfTheSpaceAndConvention(string space, string? preprocess, string file)
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        Evaluation.OnePassAndCacheTests.WriteCifarBatch(data, 4, 1);
        string[] args = ["vendi", data, "--features", space, .. preprocess is null ? Array.Empty<string>() : ["--preprocess", preprocess]];
        var r = EvalCli.RunWith(new Dictionary<string, string?> { ["MMAGAN_MODELS"] = Path.Combine(dir, "models") }, args);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains(Path.Combine(dir, "models", file), line);
        Assert.Contains(space == "inception" ? "--inception PATH" : "--feature-model PATH", line);
    }

    /// <summary>A model given with --preprocess must record that convention.</summary>
    [Fact]
    public void AModelRecordingAnotherConventionIsOneLine()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        Evaluation.OnePassAndCacheTests.WriteCifarBatch(data, 4, 1);
        var model = TestModels.ResizedInputModel(dir, "dgm-eval", "pil-bicubic-uint8", 14, "[0,1]", featureSpace: "dinov2", output: "features");
        var r = EvalCli.Run("vendi", data, "--features", "dinov2", "--feature-model", model, "--preprocess", "torch-fidelity");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the model records preprocessing 'dgm-eval', not the 'torch-fidelity' asked for (--preprocess)", Assert.Single(r.Stderr.Trim().Split('\n')));
        var ok = EvalCli.Run("vendi", data, "--features", "dinov2", "--feature-model", model, "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("\"feature_model\":\"dinov2\"", ok.LastLine);
        Assert.Contains("(dinov2 features, dgm-eval)", ok.Stdout);
    }
}

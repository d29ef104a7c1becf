using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Evaluation;

/// <summary>Sources that are almost right: a mistyped reference name lists the valid names, a run folder means its
/// generator.onnx (and says so), a checkpoint says how to export it.</summary>
public class SourceNamesTests
{
    static string Refused(string dir, string generated, string? reference) => Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationRequest
    {
        Metrics = reference is null ? ["is"] : ["fid"], Generated = generated, Reference = reference, UseCache = false,
        FeatureModel = new(Path: TestModels.TinyInception(dir)),
    })).Message;

    [Theory]
    [InlineData("cifar10_train", " (did you mean cifar10-train?)")]
    [InlineData("cifar-10", "")]
    [InlineData("cifar10", " (did you mean cifar10-test or cifar10-train?)")]
    public void AMistypedNameListsTheNamedReferences(string name, string suggestion)
    {
        var dir = SharedFixtures.TempDir();
        var message = Refused(dir, TestModels.TinyGenerator(dir), name);
        Assert.StartsWith($"{name}: no such file or folder, and not a named reference (the named references are cifar10-train, cifar10-test, mnist", message);
        Assert.EndsWith("register your own with `stats SOURCE --name NAME`)" + suggestion, message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ARunFolderIsItsGenerator_AndACheckpointSaysHowToExportIt()
    {
        var dir = SharedFixtures.TempDir();
        var run = Directory.CreateDirectory(Path.Combine(dir, "run")).FullName;
        File.WriteAllText(Path.Combine(run, "config.json"), "{}");
        Assert.Contains("is a run folder of mmagan-train without generator.onnx: export one first (mmagan-train export", Refused(dir, run, null));
        File.Copy(TestModels.TinyGenerator(dir), Path.Combine(run, "generator.onnx"));
        var r = Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = ["is"], Generated = run, N = 10, FeatureModel = new(Path: TestModels.TinyInception(dir)), UseCache = false,
        });
        Assert.Equal(Path.Combine(run, "generator.onnx"), r.Generated);
        Assert.Equal(10L, r.Setting("n"));
        var checkpoint = Path.Combine(run, "step_00000100.ckpt");
        File.WriteAllBytes(checkpoint, [1, 2, 3]);
        Assert.Contains("is a trainer checkpoint: export its generator to ONNX first (mmagan-train export RUN_DIR --checkpoint step_00000100.ckpt --out G.onnx)",
            Refused(dir, checkpoint, null));
        Directory.Delete(dir, true);
    }
}

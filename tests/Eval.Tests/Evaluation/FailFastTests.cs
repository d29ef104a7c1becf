using System.Diagnostics;
using MmaGan.Eval.Evaluation;
using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Evaluation;

/// <summary>Every bad input fails in one line before the first sample is scored (the checks of <see cref="EvaluationInputs.Open"/>).</summary>
public class FailFastTests
{
    /// <summary>A generator whose 2,000,000 samples would take minutes: the evaluation must fail before scoring them.</summary>
    [SharedFact]
    public void TheReferenceIsCheckedBeforeTheGeneratedSideIsScored()
    {
        var dir = SharedFixtures.TempDir();
        var g = TestModels.TinyGenerator(dir);
        var model = TestModels.TinyInception(dir);
        var clock = Stopwatch.StartNew();
        string Refused(string reference, params string[] metrics) => Assert.Throws<InputException>(() => Evaluator.Evaluate(new EvaluationRequest
        {
            Metrics = metrics, Generated = g, Reference = reference, N = 2_000_000, FeatureModel = new(Path: model),
            LpipsModel = SharedFixtures.Reference("lpips_alex_random.onnx"), UseCache = false,
        })).Message;
        Assert.Contains("cifar10-trian: no such file or folder", Refused(Path.Combine(dir, "cifar10-trian"), "fid"));
        Assert.Contains("nothere.npz", Refused(Path.Combine(dir, "nothere.npz"), "fid", "is", "lpips"));
        // A reference of the wrong dimension is found before scoring too.
        var stats = Path.Combine(dir, "s5.npz");
        var identity = new double[25];
        for (var i = 0; i < 5; i++) identity[i * 5 + i] = 1;
        Npz.Write(stats, new Dictionary<string, NpyArray> { ["mu"] = NpyArray.Of(new double[5], 5), ["sigma"] = NpyArray.Of(identity, 5, 5) });
        Assert.Contains("5-d statistics cannot be compared", Refused(stats, "fid"));
        Assert.True(clock.Elapsed.TotalSeconds < 60, $"took {clock.Elapsed.TotalSeconds:F0} s: samples were scored first");
    }

    [Fact]
    public void ASweepCanCheckAnEvaluationBeforeItsGeneratorExists()
    {
        var dir = SharedFixtures.TempDir();
        var data = Path.Combine(dir, "data.bin");
        OnePassAndCacheTests.WriteCifarBatch(data, 10, 4);
        var request = new EvaluationRequest { Metrics = ["fid", "kid"], Generated = Path.Combine(dir, "not-yet.onnx"), Reference = data, FeatureModel = new(Path: TestModels.TinyInception(dir)) };
        Evaluator.Validate(request, generatedMayBeMissing: true);
        Assert.Contains("not-yet.onnx", Assert.Throws<InputException>(() => Evaluator.Validate(request)).Message);
        Assert.Contains("missing.onnx", Assert.Throws<InputException>(() => Evaluator.Validate(request with { FeatureModel = new(Path: Path.Combine(dir, "missing.onnx")) }, generatedMayBeMissing: true)).Message);
    }
}

using MmaGan.Eval.Cli;
using MmaGan.Eval.Evaluation;
using MmaGan.Shared.Metrics;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>
/// What each scoring command asks the evaluator for, read in process from its parse step (no evaluation): one grammar
/// (the same flag names in a metric's own command and in <c>run</c>, earlier spellings and torch-fidelity's as aliases),
/// one latent seed, and which side is generated and which the reference.
/// </summary>
public class CommandRequestsTests
{
    /// <summary>The request of a command line, parsed as mmagan-eval parses it.</summary>
    internal static EvaluationRequest Request(params string[] args)
    {
        var parsed = Program.BuildRoot().Parse(args);
        Assert.Empty(parsed.Errors);
        return ScoringCommands.RequestOf(parsed) ?? throw new InvalidOperationException("not a scoring command: " + string.Join(" ", args));
    }

    /// <summary>The README's command table lists every command of mmagan-eval with the description its --help shows, and nothing else.</summary>
    [Fact]
    public void TheReadmeCommandTableAgreesWithHelp() => MmaGan.TestSupport.ReadmeCommands.AssertAgree("mmagan-eval", global::MmaGan.Eval.Program.BuildRoot());

    /// <summary><c>fid G.onnx data_batch_1.bin --n 100</c> scored against 100 of the 1,017 images while
    /// <c>run</c> used all; --n is the generator's, a dataset reference is capped by --n-ref only.</summary>
    [Theory]
    [InlineData("fid")]
    [InlineData("kid")]
    [InlineData("prdc")]
    [InlineData("fd-inf")]
    public void NCountsGeneratorSamplesOnly_ADatasetReferenceIsWhole(string metric)
    {
        // (prdc's positional order is clovaai's: REAL, then FAKE.)
        string[] sides = metric == "prdc" ? ["data_batch_1.bin", "g.onnx"] : ["g.onnx", "data_batch_1.bin"];
        var own = Request([metric, .. sides, "--n", "100"]);
        var run = Request("run", "--generator", "g.onnx", "--reference", "data_batch_1.bin", "--n", "100", "--out", "x.csv", "--metrics", metric);
        foreach (var r in new[] { own, run })
        {
            Assert.Equal(100, SourceFeatures.CountFor(r.Generated!, r.N, r.NRef));
            Assert.Null(SourceFeatures.CountFor(r.Reference!, r.N, r.NRef));   // all of it
        }
        var capped = Request([metric, .. sides, "--n", "100", "--n-ref", "500"]);
        Assert.Equal(500, SourceFeatures.CountFor(capped.Reference!, capped.N, capped.NRef));
    }

    [Fact]
    public void EachMetricsOptionsHaveTheSameNamesInItsOwnCommandAndInRun()
    {
        var own = Request("kid", "g.onnx", "r.npy", "--kid-subsets", "7", "--kid-subset-size", "30", "--kid-degree", "2", "--kid-gamma", "0.5", "--kid-coef0", "2", "--kid-seed", "9");
        var old = Request("kid", "g.onnx", "r.npy", "--subsets", "7", "--subset-size", "30", "--degree", "2", "--gamma", "0.5", "--coef0", "2", "--rng-seed", "9");
        var run = Request("run", "--generator", "g.onnx", "--reference", "r.npy", "--out", "x.csv", "--metrics", "kid",
            "--kid-subsets", "7", "--kid-subset-size", "30", "--kid-degree", "2", "--kid-gamma", "0.5", "--kid-coef0", "2", "--kid-seed", "9");
        foreach (var r in new[] { own, old, run })
        {
            Assert.Equal((7, 30, new Eval.Metrics.PolynomialKernel(2, 0.5, 2)), (r.Settings.KidSubsets, r.Settings.KidSubsetSize!.Value, r.Settings.KidKernel!));
            Assert.Equal(9u, r.Seeds.KidSubsets);
            Assert.Equal(EvaluationDefaults.LatentSeed, r.Seeds.Latent);
        }
        Assert.Equal(4, Request("is", "g.onnx", "--splits", "4").Settings.IsSplits);
        Assert.Equal(4, Request("is", "g.onnx", "--isc-splits", "4").Settings.IsSplits);
        Assert.Equal(4, Request("run", "--generator", "g.onnx", "--out", "x.csv", "--isc-splits", "4").Settings.IsSplits);
        Assert.Equal(5u, Request("is", "g.onnx", "--rng-seed", "5").Seeds.IsShuffle);
        var lpips = Request("lpips", "g.onnx", "--n-pairs", "30", "--pairs", "consecutive");
        Assert.Equal((30, "consecutive"), (lpips.Settings.LpipsPairs!.Value, lpips.Settings.LpipsPairing));
        Assert.Equal(lpips.Settings with { LpipsPairs = 30 }, Request("lpips", "g.onnx", "--lpips-pairs", "30", "--lpips-pairing", "consecutive").Settings);
        Assert.Equal(3, Request("prdc", "r.npy", "f.npy", "--k", "3").Settings.PrdcK);
        Assert.Equal((6, 100), (Request("fd-inf", "g.onnx", "r.npz", "--points", "6", "--min-n", "100") is var f ? (f.Settings.FdInfPoints, f.Settings.FdInfMinN!.Value) : default));
        Assert.Equal(16, Request("fid", "a", "b", "--batch-size", "16").Reading.Batch);
        Assert.True(Request("fid", "a", "b", "--samples-find-deep").Reading.Recursive);
    }

    [Fact]
    public void SeedIsTheLatentSeedEverywhere_AndEachOtherSeedHasItsOwnName()
    {
        Assert.Equal(7, Request("kid", "g.onnx", "r.npy", "--seed", "7").Seeds.Latent);
        Assert.Equal(EvaluationDefaults.KidSeed, Request("kid", "g.onnx", "r.npy", "--seed", "7").Seeds.KidSubsets);
        Assert.Equal(7, Request("fd-inf", "g.onnx", "r.npz", "--latent-seed", "7").Seeds.Latent);
        Assert.Equal(3u, Request("fd-inf", "g.onnx", "r.npz", "--fd-inf-seed", "3").Seeds.FdInfShuffle);
        var lpips = Request("lpips", "g.onnx", "--seed", "7");
        Assert.Equal((7, EvaluationDefaults.LpipsSeed), (lpips.Seeds.Latent, lpips.Seeds.LpipsPairs));
        foreach (var args in new[] { new[] { "fid", "g.onnx", "r" }, ["is", "g.onnx"], ["toy", "g.onnx", "--data", "grid25"], ["run", "--generator", "g.onnx", "--out", "x.csv"] })
            Assert.Equal(EvaluationDefaults.LatentSeed, Request(args).Seeds.Latent);
    }

    [Fact]
    public void PrdcKeepsClovaaisRealFakeOrder_AndTakesTheSidesByName()
    {
        var positional = Request("prdc", "real.npy", "fake.npy");
        Assert.Equal(("fake.npy", "real.npy"), (positional.Generated, positional.Reference));
        var named = Request("prdc", "--fake", "fake.npy", "--real", "real.npy");
        Assert.Equal(("fake.npy", "real.npy"), (named.Generated, named.Reference));
        var kid = Request("kid", "gen.onnx", "ref.npy");
        Assert.Equal(("gen.onnx", "ref.npy"), (kid.Generated, kid.Reference));
    }

    [Fact]
    public void RunsLpipsScoresTheFirst2PSamples_AsLpipsOfThatManyDoes()
    {
        var run = Request("run", "--generator", "g.onnx", "--n", "24", "--out", "x.csv", "--metrics", "lpips").Settings;
        Assert.Equal((12, 24), (run.LpipsPairs!.Value, run.LpipsSamples!.Value));
        run = Request("run", "--generator", "g.onnx", "--n", "50000", "--out", "x.csv").Settings;
        Assert.Equal((1000, 2000), (run.LpipsPairs!.Value, run.LpipsSamples!.Value));
        Assert.Equal(EvaluationDefaults.LpipsGeneratorSamples, Request("lpips", "g.onnx").N);
        Assert.Equal(EvaluationDefaults.RunPrdcMaxSamples, Request("run", "--generator", "g.onnx", "--out", "x.csv").Settings.PrdcMaxSamples);
        Assert.Null(Request("prdc", "r.npy", "f.npy").Settings.PrdcMaxSamples);
    }

    [SharedFact]
    public void RunAndLpips_ScoreTheSameSamplesAndPairs()
    {
        var dir = SharedFixtures.TempDir();
        var gen = SharedFixtures.Reference("generator_dcgan_thirdparty.onnx");
        var lpips = SharedFixtures.Reference("lpips_alex_random.onnx");
        var run = Evaluator.Evaluate(Request("run", "--generator", gen, "--n", "24", "--metrics", "lpips", "--lpips", lpips, "--out", Path.Combine(dir, "r.csv"), "--batch", "8"));
        var alone = Evaluator.Evaluate(Request("lpips", gen, "--n", "24", "--lpips", lpips, "--batch", "8"));
        Assert.Equal(run["lpips"].Values, alone["lpips"].Values);
    }
}

/// <summary><c>check-args</c>: the sweep runner's preflight of evaluator command lines, run by the evaluator's own parser.</summary>
public class CheckArgsCommandTests
{
    [Fact]
    public void EachCommandLineIsParsedAndCheckedWithoutEvaluating()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var file = Path.Combine(dir, "args.json");
        var notYet = Path.Combine(dir, "not-trained-yet.onnx");
        File.WriteAllText(file, System.Text.Json.JsonSerializer.Serialize(new[]
        {
            new[] { "run", "--generator", notYet, "--reference", "ref.npz", "--inception", model, "--metrics", "fid", "--out", Path.Combine(dir, "r.csv") },
            ["kid", notYet, "r.npy", "--frobnicate"],
            ["run", "--generator", notYet, "--reference", "ref.npz", "--metrics", "fid", "--out", Path.Combine(dir, "r.csv")],
            ["is", notYet, "--is-splits", "0"],
        }));
        var r = EvalCli.RunWith(new Dictionary<string, string?> { ["MMAGAN_MODELS"] = Path.Combine(dir, "no-models") }, "check-args", file);
        Assert.Equal(2, r.ExitCode);
        var result = System.Text.Json.JsonSerializer.Deserialize<Shared.Cli.ArgumentCheckResult>(r.LastLine, Shared.Cli.ArgumentCheck.Json)!;
        Assert.Equal(4, result.Checked);
        Assert.Equal([1, 2, 3], result.Problems.Select(p => p.Index));
        Assert.Contains("unknown option '--frobnicate'", result.Problems[0].Message);
        Assert.Contains("fid-inception.onnx: model not found", result.Problems[1].Message);
        Assert.Contains("--is-splits 0", result.Problems[2].Message);
        Assert.False(File.Exists(Path.Combine(dir, "r.csv")));
    }
}

using MmaGan.Eval.Metrics;
using MmaGan.Eval.Tests.Cli;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>
/// The Vendi score against vertaix/Vendi-Score (vendi_score/vendi.py at the mirrored HEAD: score_X, score_dual with
/// q = 1, 2, 0.5, "inf") and dgm-eval's compute_vendi_score, on the same float32 features given as float64
/// (Metrics/Fixtures/vendi_*.npy: "wide" 12×40, n &lt; d; "tall" 300×16, n &gt; d; "clustered" 200×8: five seeded
/// centres plus 0.01 noise, row 7 zero); numpy 1.24 / scipy 1.10 / scikit-learn 1.2 (Debian).
/// </summary>
public class VendiScoreTests
{
    static FeatureMatrix Load(string name)
    {
        var a = Npy.Read(Path.Combine(SharedFixtures.RepoRoot, "tests", "Eval.Tests", "Metrics", "Fixtures", $"vendi_{name}.npy"));
        return FeatureMatrix.Of(a.AsFloat(), (int)a.Shape[0], (int)a.Shape[1]);
    }

    static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"{actual:R} vs {expected:R} (rel {Math.Abs(actual - expected) / expected:E2})");

    /// <summary>score_X (= dgm-eval's, through the n×n kernel) and score_dual agree to 1e-13; ours to both within 1e-6.</summary>
    [Theory]
    [InlineData("wide", 10.3214493166004, 10.321449316600546)]
    [InlineData("tall", 15.604948106564988, 15.6049481065643)]
    [InlineData("clustered", 3.3043835554403196, 3.304383555439997)]
    public void Shannon_MatchesVendiScoreAndDgmEval(string name, double scoreX, double scoreDual)
    {
        var vs = VendiScore.Compute(Load(name));
        Console.WriteLine($"Vendi {name}: {vs:R} (score_X {scoreX:R}, rel {Math.Abs(vs - scoreX) / scoreX:E2})");
        Close(scoreX, vs);
        Close(scoreDual, vs);
    }

    [Theory]
    [InlineData("wide", 2, 9.178303435026708)]
    [InlineData("wide", double.PositiveInfinity, 5.675773819614086)]
    [InlineData("wide", 0.5, 11.089305469714803)]
    [InlineData("tall", 2, 15.238070429541837)]
    [InlineData("tall", double.PositiveInfinity, 11.328163407434095)]
    [InlineData("clustered", 0.5, 3.9316078655984557)]
    public void OtherOrders_MatchScoreDual(string name, double q, double expected) => Close(expected, VendiScore.Compute(Load(name), q));

    [Fact]
    public void IdenticalSamplesScoreOne_OrthogonalOnesScoreN()
    {
        Assert.Equal(1, VendiScore.Compute(FeatureMatrix.Of([.. Enumerable.Repeat(new[] { 1f, 2f, 3f }, 5).SelectMany(r => r)], 5, 3)), 12);
        var eye = new float[4 * 4];
        for (var i = 0; i < 4; i++) eye[i * 5] = 3;
        Assert.Equal(4, VendiScore.Compute(FeatureMatrix.Of(eye, 4, 4)), 12);
    }

    [Fact]
    public void Evaluate_GivesVendiAndN_TheCommandRefusesABadOrder()
    {
        var path = Path.Combine(SharedFixtures.RepoRoot, "tests", "Eval.Tests", "Metrics", "Fixtures", "vendi_tall.npy");
        var results = MmaGan.Eval.Evaluation.Evaluator.Evaluate(new MmaGan.Eval.Evaluation.EvaluationRequest { Metrics = ["vendi"], Generated = path, UseCache = false });
        Close(15.604948106564988, results.Number("vendi")!.Value);
        Assert.Equal(300, Convert.ToInt32(results.Setting("n")));
        Assert.Equal("1", results["vendi"]["vendi_q"]);
        var r = EvalCli.Run("vendi", path, "--q", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--vendi-q -1", Assert.Single(r.Stderr.Trim().Split('\n')));
    }
}

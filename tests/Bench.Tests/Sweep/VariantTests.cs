using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

/// <summary>Extra baselines ("variants", e.g. the seed papers' stabilisers): planned once per dataset and seed, labelled
/// readably, trained with their base method and flags, compared with the plain DCGAN.</summary>
public class VariantTests
{
    const string Json = """
        { "name": "t", "datasets": ["grid25"], "methods": ["dcgan", "mma"],
          "grid": { "k": [4], "lambda": [0.5], "tau": [0.5] },
          "variants": [
            { "name": "dcgan+sn", "args": ["--spectral-norm"] },
            { "name": "mma+sn", "args": ["--spectral-norm"] },
            { "name": "dcgan+ls0.9", "args": ["--label-smoothing", "0.9"] } ],
          "seeds": [1, 2], "train": { "steps": 100 }, "eval": { "metrics": ["toy"] } }
        """;

    static ExperimentConfig Config => ExperimentConfig.Parse(Json, "v.json");

    [Fact]
    public void VariantsFollowTheMethodsOncePerDatasetAndSeedWithReadableLabels()
    {
        Config.Validate("v.json", Path.GetTempPath());
        var runs = RunPlanner.Plan(Config);
        Assert.Equal(2 * (1 + 1 + 3), runs.Count);
        Assert.Equal(["grid25_dcgan_s1", "grid25_mma_k4_l0.5_t0.5_s1", "grid25_dcgan+sn_s1", "grid25_mma+sn_s1", "grid25_dcgan+ls0.9_s1"],
            runs.Take(5).Select(r => r.RunId));
        Assert.Equal(["DCGAN", "MMA-GAN K=4 λ=0.5 τ=0.5", "DCGAN+SN", "MMA-GAN+SN K=8 λ=0.5 τ=0.5", "DCGAN+LS0.9"], runs.Take(5).Select(r => r.Label));
    }

    [Fact]
    public void AVariantTrainsWithItsBaseMethodAndFlags()
    {
        var runs = RunPlanner.Plan(Config);
        var sn = TrainerArguments.For(Config, runs[2], "x", Path.GetTempPath());
        Assert.Equal("dcgan", sn[sn.IndexOf("--method") + 1]);
        Assert.Equal("--spectral-norm", sn[^1]);
        Assert.DoesNotContain("--k", sn);
        var mma = TrainerArguments.For(Config, runs[3], "x", Path.GetTempPath());
        Assert.Equal("mma", mma[mma.IndexOf("--method") + 1]);
        Assert.Equal("8", mma[mma.IndexOf("--k") + 1]);
        Assert.Equal("--spectral-norm", mma[^1]);
    }

    [Theory]
    [InlineData("\"dcgan+sn\"", "\"sn\"")]
    [InlineData("\"dcgan+sn\"", "\"vae+sn\"")]
    [InlineData("\"dcgan+sn\"", "\"DCGAN+SN\"")]
    [InlineData("\"dcgan+sn\"", "\"mma+sn\"")] // listed twice
    [InlineData("{ \"name\": \"dcgan+sn\"", "{ \"name\": \"dcgan+sn\", \"k\": 4")]
    public void BadVariantsAreOneLineErrors(string from, string to)
    {
        var c = ExperimentConfig.Parse(Json.Replace(from, to), "bad.json");
        var e = Assert.Throws<InputException>(() => c.Validate("bad.json", Path.GetTempPath()));
        Assert.StartsWith("bad.json: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void SummaryComparesVariantsWithThePlainDcganOnly()
    {
        RunResult R(RunSpec s, double kl) => RunResult.For(s, "/tmp/x") with { Metrics = new(StringComparer.Ordinal) { ["reverse_kl"] = kl } };
        var results = new List<RunResult>();
        for (var seed = 1; seed <= 4; seed++)
        {
            results.Add(R(new RunSpec("grid25", "dcgan", null, null, null, seed), 1.0 + seed * 0.01));
            results.Add(R(new RunSpec("grid25", "dcgan+sn", null, null, null, seed), 0.5 + seed * 0.01));
        }
        var rows = SummaryBuilder.Build(results);
        var dcgan = rows.Single(r => r.ConfigId == "grid25_dcgan");
        Assert.Equal(1.025, dcgan.Mean, 12); // the variant is not pooled into the baseline
        var sn = rows.Single(r => r.ConfigId == "grid25_dcgan+sn");
        Assert.Equal(("DCGAN+SN", -0.5), (sn.Label, Math.Round(sn.DiffVsDcgan, 12)));
        var md = SummaryWriter.Markdown(rows, results, "t", null);
        Assert.Contains("**Stabilised baselines − DCGAN**", md);
        Assert.Contains("| DCGAN+SN |", md);
    }
}

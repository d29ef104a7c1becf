using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;
using Xunit;

namespace MmaGan.Bench.Tests.Reports;

public class PacGanTableTests
{
    static RunResult Run(string method, int seed, double modes, double hq, double kl) => new()
    {
        RunId = $"grid25_{method}_s{seed}", ConfigId = $"grid25_{method}", Dataset = "grid25", Method = method, Seed = seed, Steps = 100,
        Metrics = new(StringComparer.Ordinal) { ["modes_covered_hq"] = modes, ["hq_fraction"] = hq, ["reverse_kl"] = kl },
    };

    [Fact]
    public void StandardErrorIsSampleSdOverRootN()
    {
        // values 1..5: sample variance 2.5, s.e. = √(2.5 / 5)
        Assert.Equal(Math.Sqrt(0.5), PacGanTable.StandardError([1, 2, 3, 4, 5]), 12);
        Assert.True(double.IsNaN(PacGanTable.StandardError([1])));
    }

    [Fact]
    public void TableShowsPublishedRowsOursWithSeAndCi_AndPValuesAgainstGanAndPacGan2()
    {
        var results = new List<RunResult>();
        for (var s = 1; s <= 5; s++)
        {
            results.Add(Run("dcgan", s, 15 + s, 0.90, 0.7));
            results.Add(Run("pacgan2", s, 20 + s, 0.90, 0.2));
        }
        var md = PacGanTable.Markdown(results);
        Assert.Contains("| PacGAN paper: GAN (400 epochs) | 10 | 17.3 ± 0.8 | 94.8 ± 0.7 | 0.70 ± 0.07 | | |", md);
        Assert.Contains("| PacGAN paper: PacGAN4 (400 epochs) | 10 | 24.8 ± 0.2 |", md);
        // GAN: modes 16..20 → mean 18.0, s.e. 0.7; HQ 90.0 %, s.e. 0.0.
        Assert.Contains("| **ours: GAN** | 5 | 18.0 ± 0.7 [", md);
        Assert.Contains("| 90.0 ± 0.0 [90.0, 90.0] |", md);
        // PacGAN2 beats GAN on every seed in modes: exact two-sided Mann–Whitney p = 2/252 = 0.008; HQ all equal: p = 1.
        Assert.Contains("| **ours: PacGAN2** | 5 |", md);
        Assert.Contains("| 0.008 / 1.000 / 0.004 | – / – / – |", md); // KL: all ties within groups → normal approximation
        Assert.Contains("### grid25 (100 steps)", md);
        // One pair × 3 metrics; Holm (statsmodels multipletests([2/252, 1, 0.003977], "holm")): 0.0159 / 1 / 0.0119.
        Assert.Contains("Holm-adjusted p over this table's 3 tests (modes / HQ / KL): PacGAN2 vs GAN 0.016 / 1.000 / 0.012.", md);
    }

    [Fact]
    public void HolmFamily_CountsEachPairOnce_AndLeavesOutComparisonsNotMade()
    {
        var results = new List<RunResult>();
        for (var s = 1; s <= 5; s++)
        {
            results.Add(Run("dcgan", s, 15 + s, 0.80 + s / 100.0, 0.7));
            results.Add(Run("pacgan2", s, 20 + s, 0.90 + s / 100.0, 0.2));
            results.Add(Run("mma", s, 10 + s, 0.95 + s / 1000.0, 0.1) with { ConfigId = "grid25_mma_k4", K = 4, Lambda = 1, Tau = 0.7 });
        }
        var md = PacGanTable.Markdown(results);
        // PacGAN2 vs GAN, MMA vs GAN, MMA vs PacGAN2: 9 tests (the GAN row's "vs PacGAN2" is the first pair again).
        Assert.Contains("Holm-adjusted p over this table's 9 tests (modes / HQ / KL): PacGAN2 vs GAN ", md);
        Assert.Contains("; MMA-GAN K=4 λ=1 τ=0.7 vs GAN ", md);
        Assert.Contains("; MMA-GAN K=4 λ=1 τ=0.7 vs PacGAN2 ", md);

        // One PacGAN2 seed: its comparisons are not made and not counted.
        var onePac = results.Where(r => r.Method != "pacgan2" || r.Seed == 1).ToList();
        Assert.Contains("Holm-adjusted p over this table's 3 tests", PacGanTable.Markdown(onePac));
        Assert.Contains("PacGAN2 vs GAN – / – / –", PacGanTable.Markdown(onePac));
    }

    [Fact]
    public void OneSeedOnASide_GivesNoPValue()
    {
        var results = new List<RunResult> { Run("dcgan", 1, 15, 0.88, 0.78), Run("pacgan2", 1, 24, 0.76, 0.22), Run("pacgan2", 2, 23, 0.80, 0.20) };
        var md = PacGanTable.Markdown(results);
        Assert.Contains("| **ours: PacGAN2** | 2 |", md);
        Assert.Contains("| – / – / – | – / – / – |", md);
        Assert.DoesNotContain("1.000", md);
    }

    [Fact]
    public void StackedMnistGetsTable3PerDSize()
    {
        RunResult Stacked(string method, int seed, double d, double modes, double kl) => new()
        {
            RunId = $"stacked-mnist_{method}_d{d}_s{seed}", ConfigId = $"stacked-mnist_{method}_d{d}", Dataset = "stacked-mnist", Method = method, Seed = seed,
            Steps = 1000, DSize = d, Metrics = new(StringComparer.Ordinal) { ["modes_covered"] = modes, ["kl_to_uniform"] = kl },
        };
        var results = new List<RunResult>();
        for (var s = 1; s <= 3; s++)
            foreach (var d in new[] { 0.25, 0.5 })
            {
                results.Add(Stacked("dcgan", s, d, 80 + s, 5.0));
                results.Add(Stacked("pacgan2", s, d, 480 + s, 2.5));
            }
        var md = PacGanTable.Markdown(results);
        Assert.Contains("### stacked-mnist, D = 1/4 G (1,000 steps)", md);
        Assert.Contains("### stacked-mnist, D = 1/2 G (1,000 steps)", md);
        Assert.Contains("| | seeds | modes (of 1,000) ↑ | KL to uniform ↓ | p vs DCGAN (modes / KL) | p vs PacGAN2 (modes / KL) |", md);
        Assert.Contains("| PacGAN paper: DCGAN | 50 | 78.5 ± 17.6 | 5.21 ± 0.19 | | |", md);
        Assert.Contains("| PacGAN paper: PacDCGAN2 | 50 | 840.7 ± 15.9 | 1.00 ± 0.05 | | |", md);
        Assert.Contains("| **ours: DCGAN** | 3 | 82.0 ± 0.6 [", md);
        Assert.Contains("Holm-adjusted p over this table's 2 tests (modes / KL): PacGAN2 vs DCGAN ", md);
        Assert.Contains("× 2 metrics). PacGAN's rows: Table 3", md);
    }

    [Fact]
    public void ABaselineColumnOnlyForBaselinesWithRuns_AndMmaGanIsTestedAgainstWganGp()
    {
        RunResult Stacked(string method, int seed, double modes, double kl) => new()
        {
            RunId = $"stacked-mnist_{method}_d0.25_s{seed}", ConfigId = $"stacked-mnist_{method}_d0.25", Dataset = "stacked-mnist", Method = method,
            Seed = seed, Steps = 5000, DSize = 0.25, K = method == "mma" ? 16 : 1, Lambda = method == "mma" ? 1 : 0, Tau = method == "mma" ? 0.7 : null,
            Metrics = new(StringComparer.Ordinal) { ["modes_covered"] = modes, ["kl_to_uniform"] = kl },
        };
        var results = new List<RunResult>();
        for (var s = 1; s <= 5; s++)
        {
            results.Add(Stacked("dcgan", s, 10 + s, 6.0 + s / 10.0));
            results.Add(Stacked("wgan-gp", s, 20 + s, 5.0 + s / 10.0));
            results.Add(Stacked("mma", s, 30 + s, 4.0 + s / 10.0));
        }
        var md = PacGanTable.Markdown(results);
        // No PacGAN2 runs: no PacGAN2 column and no "vs PacGAN2 – / –" in the family; a WGAN-GP column instead.
        Assert.Contains("| | seeds | modes (of 1,000) ↑ | KL to uniform ↓ | p vs DCGAN (modes / KL) | p vs WGAN-GP (modes / KL) |", md);
        Assert.Contains("|---|---|---|---|---|---|\n", md.ReplaceLineEndings("\n"));
        Assert.Contains("| PacGAN paper: DCGAN | 50 | 78.5 ± 17.6 | 5.21 ± 0.19 | | |", md);
        Assert.DoesNotContain("PacGAN2", md);
        // Every seed apart (5 vs 5): exact two-sided Mann–Whitney p = 2/252 = 0.008 for each pair; the DCGAN row tests nothing,
        // the WGAN-GP row only against DCGAN, MMA-GAN against both.
        Assert.Contains("| – / – | – / – |", md);
        Assert.Contains("| 0.008 / 0.008 | – / – |", md);
        Assert.Contains("| 0.008 / 0.008 | 0.008 / 0.008 |", md);
        // Three pairs × 2 metrics; Holm over six p of 2/252: 6 · 2/252 = 0.048 for all.
        Assert.Contains("Holm-adjusted p over this table's 6 tests (modes / KL): WGAN-GP vs DCGAN 0.048 / 0.048; "
                        + "MMA-GAN K=16 λ=1 τ=0.7 vs DCGAN 0.048 / 0.048; MMA-GAN K=16 λ=1 τ=0.7 vs WGAN-GP 0.048 / 0.048.", md);
    }
}

using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Reports;

public class LearningCurvesTests
{
    static RunResult Run(string dir, string method, int seed, string curve)
    {
        var runDir = Path.Combine(dir, $"{method}_s{seed}");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, CheckpointScores.FileName), curve);
        return new RunResult
        {
            RunId = $"stacked-mnist_{method}_d0.5_s{seed}", ConfigId = $"stacked-mnist_{method}_d0.5", Dataset = "stacked-mnist", Method = method,
            Seed = seed, Steps = 10000, DSize = 0.5, RunDir = runDir, K = method == "mma" ? 16 : null, Lambda = method == "mma" ? 1 : null,
            Tau = method == "mma" ? 0.7 : null, Metrics = new(StringComparer.Ordinal) { ["modes_covered"] = 1 },
        };
    }

    [Fact]
    public void EachRunsScoredCheckpoints_AreOneTablePerMetric_WithConfigurationMeansAndSeedRows()
    {
        var dir = SharedFixtures.TempDir();
        List<RunResult> results =
        [
            Run(dir, "dcgan", 1, "step,modes_covered,kl_to_uniform\n2500,2,6.906577\n5000,57,5.165441\n7500,509,2.018962\n"),
            Run(dir, "dcgan", 2, "step,modes_covered,kl_to_uniform\n2500,4,6.5\n5000,1,6.907\n"),
            Run(dir, "mma", 1, "step,modes_covered,kl_to_uniform\n5000,255,3.776\n"),
            Run(dir, "wgan-gp", 1, "") with { RunDir = Path.Combine(dir, "none") },   // no curve: no row
        ];
        var md = LearningCurves.Markdown(results)!;
        Assert.Contains($"### stacked-mnist, D = 1/2 G: {MetricInfo.Display("modes_covered")} by step", md);
        Assert.Contains($"### stacked-mnist, D = 1/2 G: {MetricInfo.Display("kl_to_uniform")} by step", md);
        Assert.Contains("| | seeds | 2,500 | 5,000 | 7,500 |\n|---|---|---:|---:|---:|", md.ReplaceLineEndings("\n"));
        // DCGAN at 5,000: (57 + 1) / 2 = 29 ± 28 (s.e. of two values: |a − b| / 2); at 7,500 one of its two seeds.
        Assert.Contains("| **DCGAN** | 2 | 3 ± 1 | 29 ± 28 | 509 (1) |", md);
        Assert.Contains("| seed 1 | | 2 | 57 | 509 |", md);
        Assert.Contains("| seed 2 | | 4 | 1 | |", md);
        Assert.Contains("| **MMA-GAN K=16 λ=1 τ=0.7** | 1 | | 255 | |", md);
        Assert.Contains("| seed 1 | | 6.91 | 5.17 | 2.02 |", md);   // KL, DCGAN seed 1: 3 significant digits
        Assert.DoesNotContain("WGAN-GP", md);
        Assert.Null(LearningCurves.Markdown([results[3]]));
        Directory.Delete(dir, true);
    }
}

using MmaGan.Bench.Cli;
using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Reports;

public class SummaryTests
{
    // A fake results.csv: DCGAN and one MMA-GAN configuration on grid25, 5 seeds each; MMA-GAN has the lower reverse KL on
    // every seed, the same modes covered; one WGAN-GP run diverged.
    const string Csv = """
        run_id,config_id,dataset,method,k,lambda,tau,seed,steps,status,error,train_seconds,eval_seconds,run_dir,reverse_kl,modes_covered_hq,n
        grid25_dcgan_s1,grid25_dcgan,grid25,dcgan,,,,1,100,ok,,1.0,0.5,,0.9,20,2500
        grid25_dcgan_s2,grid25_dcgan,grid25,dcgan,,,,2,100,ok,,1.0,0.5,,0.8,21,2500
        grid25_dcgan_s3,grid25_dcgan,grid25,dcgan,,,,3,100,ok,,1.0,0.5,,1.0,19,2500
        grid25_dcgan_s4,grid25_dcgan,grid25,dcgan,,,,4,100,ok,,1.0,0.5,,0.7,22,2500
        grid25_dcgan_s5,grid25_dcgan,grid25,dcgan,,,,5,100,ok,,1.0,0.5,,0.6,20,2500
        grid25_wgan-gp_s1,grid25_wgan-gp,grid25,wgan-gp,,,,1,100,diverged,non-finite loss,1.0,0,,,,
        grid25_mma_k8_l0.5_t0.5_s1,grid25_mma_k8_l0.5_t0.5,grid25,mma,8,0.5,0.5,1,100,ok,,2.0,0.5,,0.3,20,2500
        grid25_mma_k8_l0.5_t0.5_s2,grid25_mma_k8_l0.5_t0.5,grid25,mma,8,0.5,0.5,2,100,ok,,2.0,0.5,,0.2,21,2500
        grid25_mma_k8_l0.5_t0.5_s3,grid25_mma_k8_l0.5_t0.5,grid25,mma,8,0.5,0.5,3,100,ok,,2.0,0.5,,0.4,19,2500
        grid25_mma_k8_l0.5_t0.5_s4,grid25_mma_k8_l0.5_t0.5,grid25,mma,8,0.5,0.5,4,100,ok,,2.0,0.5,,0.1,22,2500
        grid25_mma_k8_l0.5_t0.5_s5,grid25_mma_k8_l0.5_t0.5,grid25,mma,8,0.5,0.5,5,100,ok,,2.0,0.5,,0.5,20,2500
        """;

    static List<RunResult> Results()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "results.csv");
        File.WriteAllText(path, Csv.Replace("\r\n", "\n") + "\n");
        return ResultsTable.Read(path);
    }

    [Fact]
    public void Summary_MeansCisDifferencesAndPValues()
    {
        var rows = SummaryBuilder.Build(Results());
        Assert.DoesNotContain(rows, r => r.Metric == "n"); // bookkeeping column left out
        var dcgan = rows.Single(r => r.ConfigId == "grid25_dcgan" && r.Metric == "reverse_kl");
        Assert.Equal(0.8, dcgan.Mean, 12);
        Assert.True(dcgan.CiLow < 0.8 && dcgan.CiHigh > 0.8 && dcgan.CiLow >= 0.6 && dcgan.CiHigh <= 1.0);
        Assert.True(double.IsNaN(dcgan.DiffVsDcgan));

        var mma = rows.Single(r => r.ConfigId == "grid25_mma_k8_l0.5_t0.5" && r.Metric == "reverse_kl");
        Assert.Equal(0.3, mma.Mean, 12);
        Assert.Equal(-0.5, mma.DiffVsDcgan, 12);
        Assert.True(mma.DiffCiHigh < 0);
        Assert.Equal(2.0 / 252, mma.MannWhitneyP, 12); // fully separated 5 vs 5, exact
        Assert.Equal("exact", mma.MannWhitneyMethod);

        var modes = rows.Single(r => r.ConfigId == "grid25_mma_k8_l0.5_t0.5" && r.Metric == "modes_covered_hq");
        Assert.Equal(0, modes.DiffVsDcgan, 12);
        Assert.Equal(1.0, modes.MannWhitneyP, 12); // identical samples (with ties): asymptotic, z < 0 → p capped at 1

        var wgan = rows.Single(r => r.ConfigId == "grid25_wgan-gp" && r.Metric == "reverse_kl");
        Assert.Equal((1, 0), (wgan.Runs, wgan.N));
        Assert.True(double.IsNaN(wgan.Mean));
    }

    [Fact]
    public void Markdown_HasTablesAndAnHonestVerdict()
    {
        var results = Results();
        var md = SummaryWriter.Markdown(SummaryBuilder.Build(results), results, "test");
        Assert.Contains("## grid25", md);
        Assert.Contains("| MMA-GAN K=8 λ=0.5 τ=0.5 | 5/5 |", md);
        Assert.Contains("1 diverged", md);
        Assert.Contains("of 1 MMA-GAN configurations, 1 beat DCGAN and 0 are worse", md);
        Assert.Contains("0.300 [", md);
    }

    /// <summary>A dataset where every configuration covers 0 modes is flagged at the top, and its "verdict" says it is none;
    /// a smoke sweep says that it is one.</summary>
    [Fact]
    public void Markdown_FlagsDatasetsNoMethodLearned_AndSmokeSweeps()
    {
        var csv = Csv.Replace(",20,2500", ",0,2500").Replace(",21,2500", ",0,2500").Replace(",19,2500", ",0,2500").Replace(",22,2500", ",0,2500");
        var path = Path.Combine(SharedFixtures.TempDir(), "results.csv");
        File.WriteAllText(path, csv.Replace("\r\n", "\n") + "\n");
        var results = ResultsTable.Read(path);
        var md = SummaryWriter.Markdown(SummaryBuilder.Build(results), results, "toy-smoke: MMA-GAN vs DCGAN vs WGAN-GP");
        Assert.Contains("> **Smoke scale:**", md);
        Assert.Contains("> **No method learned grid25:** every configuration covers 0 modes", md);
        Assert.True(md.IndexOf("No method learned", StringComparison.Ordinal) < md.IndexOf("## grid25", StringComparison.Ordinal));
        Assert.Contains("**Verdict:** none — no configuration learned this dataset", md);
        Assert.DoesNotContain("Best MMA-GAN", md);
        var learned = SummaryWriter.Markdown(SummaryBuilder.Build(Results()), Results(), "test");
        Assert.DoesNotContain("No method learned", learned);
        // As toy-smoke showed it: grid25 runs with one mode covered and reverse KL ln 25 = 3.219 in every run
        // ("Best MMA-GAN: … 3.219 vs DCGAN 3.219") are flagged too.
        var ln25 = Math.Log(25).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var oneMode = string.Join('\n', Csv.Replace("\r\n", "\n").Split('\n').Select((line, i) => i == 0 || line.Contains("diverged") ? line
            : string.Join(',', line.Split(',').Select((f, j) => j == 14 ? ln25 : j == 15 ? "1" : f))));
        File.WriteAllText(path, oneMode + "\n");
        var collapsed = ResultsTable.Read(path);
        var mdCollapsed = SummaryWriter.Markdown(SummaryBuilder.Build(collapsed), collapsed, "toy-smoke");
        Assert.Contains("> **No method learned grid25:** every configuration covers 0 modes in every run, or collapses onto at most one", mdCollapsed);
        Assert.DoesNotContain("Best MMA-GAN", mdCollapsed);
        Assert.DoesNotContain("Smoke scale", learned);
    }

    [Fact]
    public void Markdown_ShowsKidPrdcAndFdInfColumns()
    {
        // results.csv with the columns `mmagan-eval run --metrics fid,kid,prdc,fd-inf` adds
        var csv = """
            run_id,config_id,dataset,method,k,lambda,tau,seed,steps,status,error,train_seconds,eval_seconds,run_dir,fid,kid_mean,kid_std,precision,recall,density,coverage,fd_inf
            c_dcgan_s1,c_dcgan,cifar10,dcgan,,,,1,100,ok,,1.0,0.5,,40,0.03,0.001,0.6,0.4,0.9,0.7,39
            c_dcgan_s2,c_dcgan,cifar10,dcgan,,,,2,100,ok,,1.0,0.5,,42,0.032,0.001,0.62,0.41,0.92,0.71,41
            c_mma_s1,c_mma,cifar10,mma,8,0.5,0.5,1,100,ok,,2.0,0.5,,35,0.02,0.001,0.65,0.5,0.95,0.8,34
            c_mma_s2,c_mma,cifar10,mma,8,0.5,0.5,2,100,ok,,2.0,0.5,,36,0.021,0.001,0.66,0.52,0.97,0.82,35
            """;
        var path = Path.Combine(SharedFixtures.TempDir(), "results.csv");
        File.WriteAllText(path, csv.Replace("\r\n", "\n") + "\n");
        var results = ResultsTable.Read(path);
        var md = SummaryWriter.Markdown(SummaryBuilder.Build(results), results, "test");
        foreach (var name in new[] { "KID ↓", "precision ↑", "recall ↑", "density ↑", "coverage ↑", "FD∞ ↓" }) Assert.Contains(name, md);
        Assert.Equal(-1, MetricInfo.Sign("kid_mean"));
        Assert.Equal(-1, MetricInfo.Sign("fd_inf"));
        Assert.Equal(1, MetricInfo.Sign("coverage"));
        // Spreads and times are better neither way.
        foreach (var neither in new[] { "is_std", "kid_std", "train_seconds" }) Assert.Equal(0, MetricInfo.Sign(neither));
        foreach (var bookkeeping in new[] { "n", "modes_total", "pairs", "kid_seed", "is_splits" }) Assert.True(MetricInfo.IsBookkeeping(bookkeeping));
    }

    [Fact]
    public void SweepReport_WritesAllFiles_AndMergeJoinsShards()
    {
        var results = Results();
        var a = SharedFixtures.TempDir();
        var b = SharedFixtures.TempDir();
        ResultsTable.Write(Path.Combine(a, "results.csv"), results.Take(6).ToList());
        ResultsTable.Write(Path.Combine(b, "results.csv"), results.Skip(4).ToList()); // overlaps a by two runs
        var merged = MergeCommand.Merge([Path.Combine(a, "results.csv"), Path.Combine(b, "results.csv")]);
        Assert.Equal(results.Select(r => r.RunId), merged.Select(r => r.RunId));

        var outDir = SharedFixtures.TempDir();
        SweepReport.Write(outDir, merged, "merged");
        foreach (var f in new[] { "results.csv", "summary.csv", "summary.md", "report.md" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.True(File.Exists(Path.Combine(outDir, "plots")) || Directory.Exists(Path.Combine(outDir, "plots")));
        Assert.Equal(11, ResultsTable.Read(Path.Combine(outDir, "results.csv")).Count);
        Assert.StartsWith("dataset,config_id,method", File.ReadAllText(Path.Combine(outDir, "summary.csv")));
    }
}

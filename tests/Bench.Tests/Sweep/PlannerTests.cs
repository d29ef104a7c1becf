using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class PlannerTests
{
    static ExperimentConfig Config => new()
    {
        Name = "t", Datasets = ["ring8", "grid25"], Methods = ["dcgan", "mma", "wgan-gp"],
        Grid = new GridSpec { K = [4, 8], Lambda = [0.1, 1.0], Tau = [0.5] }, Seeds = [1, 2, 3],
        Train = new TrainSpec { Steps = 10 }, Eval = new EvalSpec { Metrics = ["toy"] },
    };

    [Fact]
    public void Plan_BaselinesOncePerSeed_MmaOverTheGrid()
    {
        var runs = RunPlanner.Plan(Config);
        Assert.Equal(2 * (3 + 4 * 3 + 3), runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
        Assert.Equal("ring8_dcgan_s1", runs[0].RunId);
        Assert.Equal("ring8_mma_k4_l0.1_t0.5_s1", runs[1].RunId);
        Assert.Equal("ring8_mma_k4_l0.1_t0.5", runs[1].ConfigId);
        Assert.Equal("ring8_wgan-gp_s1", runs[5].RunId);
        Assert.Equal("grid25_dcgan_s1", runs[6].RunId);
        Assert.All(runs.Take(12), r => Assert.Equal(1, r.Seed));
        Assert.All(runs.Where(r => r.Method != "mma"), r => Assert.Null(r.K));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shards_PartitionThePlan_TakingEveryNth(int n)
    {
        var runs = RunPlanner.Plan(Config);
        var shards = Enumerable.Range(0, n).Select(i => RunPlanner.Shard(runs, new Shard(i, n))).ToList();
        Assert.Equal(runs.Select(r => r.RunId).Order(), shards.SelectMany(s => s).Select(r => r.RunId).Order());
        Assert.Equal(runs.Count, shards.Sum(s => s.Count));
        Assert.Equal(runs.Where((_, i) => i % n == 1 % n).Select(r => r.RunId), shards[1 % n].Select(r => r.RunId));
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("2")]
    [InlineData("a/b")]
    public void BadShard_IsInputError(string text) => Assert.Throws<InputException>(() => Shard.Parse(text));

    [Fact]
    public void Shard_Parses() => Assert.Equal(new Shard(2, 4), Shard.Parse("2/4"));

    [Fact]
    public void Shard_ZeroBased() => Assert.Equal(new Shard(0, 4), Shard.Parse("0/4"));

    [Fact]
    public void OfMethods_KeepsPlanOrder_AndRefusesUnknownNames()
    {
        var all = RunPlanner.Plan(Config);
        var only = RunPlanner.OfMethods(all, Config, "mma, dcgan");
        Assert.Equal(all.Where(r => r.Method is "mma" or "dcgan").Select(r => r.RunId), only.Select(r => r.RunId));
        Assert.Equal("ring8_dcgan_s1", only[0].RunId);
        var e = Assert.Throws<InputException>(() => RunPlanner.OfMethods(all, Config, "dcgan,pacgan2"));
        Assert.Equal("--methods: 'pacgan2' is not a method of t (dcgan, mma, wgan-gp)", e.Message);
        Assert.Throws<InputException>(() => RunPlanner.OfMethods(all, Config, " , "));
    }

    [Fact]
    public void OfDSizes_KeepsPlanOrder_AndRefusesSizesTheConfigLacks()
    {
        var config = new ExperimentConfig
        {
            Name = "sm", Datasets = ["stacked-mnist:x"], Methods = ["dcgan", "mma"], DSizes = [0.25, 0.5],
            Grid = new GridSpec { K = [4], Lambda = [1.0], Tau = [0.7] }, Seeds = [1, 2],
            Train = new TrainSpec { Steps = 10 }, Eval = new EvalSpec { Metrics = ["modes"] },
        };
        var all = RunPlanner.Plan(config);
        var quarter = RunPlanner.OfDSizes(all, config, "0.25");
        Assert.Equal(all.Where(r => r.DSize == 0.25).Select(r => r.RunId), quarter.Select(r => r.RunId));
        Assert.Equal(4, quarter.Count);
        Assert.Equal(quarter.Select(r => r.RunId), RunPlanner.OfDSizes(RunPlanner.OfMethods(all, config, "dcgan,mma"), config, " 0.25 ").Select(r => r.RunId));
        Assert.Equal(all.Count, RunPlanner.OfDSizes(all, config, "0.5,0.25").Count);
        Assert.Equal("--d-sizes: 1 is not a D size of sm (0.25, 0.5)", Assert.Throws<InputException>(() => RunPlanner.OfDSizes(all, config, "1")).Message);
        Assert.Equal("--d-sizes: 'quarter' is not a number (expected e.g. 0.25,0.5)", Assert.Throws<InputException>(() => RunPlanner.OfDSizes(all, config, "quarter")).Message);
        Assert.Equal("--d-sizes: t has no d_sizes", Assert.Throws<InputException>(() => RunPlanner.OfDSizes(RunPlanner.Plan(Config), Config, "0.25")).Message);
    }
}

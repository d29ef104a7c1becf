using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using Xunit;

namespace MmaGan.Train.Tests.Config;

public class TrainConfigTests
{
    [Fact]
    public void ToyNetTrainSetAndPackRoundTripThroughConfigJson()
    {
        var dir = SharedFixtures.TempDir();
        var config = new TrainConfig { Method = GanMethod.Dcgan, Data = "ring8-pacgan", ToyNet = "pacgan", TrainSet = 100_000, Pack = 3, LatentSize = 2 };
        RunConfigFile.Write(dir, config, "ring8-pacgan", [2]);
        var json = File.ReadAllText(Path.Combine(dir, "config.json"));
        Assert.Contains("\"toy_net\": \"pacgan\"", json);
        Assert.Contains("\"train_set\": 100000", json);
        Assert.Contains("\"pack\": 3", json);
        Assert.Equal(config, RunConfigFile.Read(dir));
    }

    [Fact]
    public void AConfigJsonWithoutTheNewKeysReadsAsUnpackedSmallNets()
    {
        var dir = SharedFixtures.TempDir();
        RunConfigFile.Write(dir, new TrainConfig(), "grid25", [2]);
        var path = Path.Combine(dir, "config.json");
        var lines = File.ReadAllLines(path).Where(l => !l.Contains("\"toy_net\"") && !l.Contains("\"train_set\"") && !l.Contains("\"pack\"")).ToArray();
        File.WriteAllLines(path, lines);
        var read = RunConfigFile.Read(dir);
        Assert.Equal(("small", 0, 1), (read.ToyNet, read.TrainSet, read.Pack));
    }

    [Fact]
    public void UpdateRuleRecalibrationAndScheduleRoundTripAndOldFilesReadAsBefore()
    {
        var dir = SharedFixtures.TempDir();
        var config = new TrainConfig { Data = "grid25", ToyNet = "pacgan", Update = "simultaneous", BnRecalibration = 50, LrDecay = "linear" };
        RunConfigFile.Write(dir, config, "grid25", [2]);
        var path = Path.Combine(dir, "config.json");
        var json = File.ReadAllText(path);
        Assert.Contains("\"update\": \"simultaneous\"", json);
        Assert.Contains("\"bn_recalibration\": 50", json);
        Assert.Contains("\"lr_decay\": \"linear\"", json);
        Assert.Equal(config, RunConfigFile.Read(dir));
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.Contains("\"update\"") && !l.Contains("\"bn_recalibration\"") && !l.Contains("\"lr_decay\"")));
        var old = RunConfigFile.Read(dir); // a run written before these keys: alternating, no refresh, constant rate
        Assert.Equal(("alternating", 0, "none"), (old.Update, old.BnRecalibration, old.LrDecay));
    }

    [Theory]
    [InlineData("dcgan", "sometimes", 0, "none", "--update: unknown value 'sometimes'")]
    [InlineData("wgan-gp", "simultaneous", 0, "none", "--update simultaneous needs --method dcgan or mma")]
    [InlineData("dcgan", "alternating", -1, "none", "--bn-recalibration must be at least 0")]
    [InlineData("mma", "alternating", 0, "cosine", "--lr-decay: unknown schedule 'cosine'")]
    public void BadUpdateRecalibrationOrScheduleNamesTheFlag(string method, string update, int recalibration, string decay, string message)
    {
        var config = TrainConfig.ForMethod(TrainConfig.ParseMethod(method)) with { Update = update, BnRecalibration = recalibration, LrDecay = decay };
        Assert.StartsWith(message, Assert.Throws<InputException>(config.Validate).Message);
    }

    [Theory]
    [InlineData("pacgan", 0, 0, "cifar10:x", "--toy-net pacgan applies to the 2-D toys only")]
    [InlineData("tiny", 0, 1, "grid25", "--toy-net: unknown network 'tiny'")]
    [InlineData("small", -1, 1, "grid25", "--train-set must be at least 0")]
    [InlineData("small", 0, 0, "grid25", "--pack must lie in 1..64")]
    public void BadValuesNameTheFlag(string toyNet, int trainSet, int pack, string data, string message)
    {
        var config = new TrainConfig { ToyNet = toyNet, TrainSet = trainSet, Pack = pack == 0 && data == "grid25" ? 0 : Math.Max(pack, 1), Data = data };
        Assert.StartsWith(message, Assert.Throws<InputException>(config.Validate).Message);
    }

    [Fact]
    public void ForMethodGivesWganGpItsOwnOptimizerAndTheOthersThePapers()
    {
        var w = TrainConfig.ForMethod(GanMethod.WganGp);
        Assert.Equal((GanMethod.WganGp, 1e-4, 1e-4, 0.0, 0.9, 5, 10.0), (w.Method, w.LrG, w.LrD, w.Beta1, w.Beta2, w.CriticSteps, w.GpWeight));
        foreach (var m in new[] { GanMethod.Mma, GanMethod.Dcgan })
        {
            var c = TrainConfig.ForMethod(m);
            Assert.Equal((m, 2e-4, 2e-4, 0.5, 0.999), (c.Method, c.LrG, c.LrD, c.Beta1, c.Beta2));
            Assert.Equal(new TrainConfig { Method = m }, c);
        }
    }
}

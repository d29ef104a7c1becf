using System.Text.Json;
using MmaGan.TestSupport;
using MmaGan.Train.Cli;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary><c>--toy-net pacgan</c> implies PacGAN's protocol — simultaneous updates and the batch-norm refresh before
/// evaluations (50 batches) besides Adam 1e-4, β1 0.8, batch 100 — for GAN and MMA-GAN; WGAN-GP keeps alternating; explicit
/// flags win; other runs keep the MMA-GAN paper's loop.</summary>
public class TrainCommandProtocolDefaultsTests
{
    static JsonElement Config(params string[] args)
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var code = TrainCommand.Create(exportHook: null).Parse([.. args, "--out", dir, "--steps", "2", "--no-export", "--threads", "1"]).Invoke();
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
            return doc.RootElement.GetProperty("config").Clone();
        }
        finally { Directory.Delete(dir, true); }
    }

    static (string, int, double, double, int) Protocol(JsonElement c) => (c.GetProperty("update").GetString()!,
        c.GetProperty("bn_recalibration").GetInt32(), c.GetProperty("lr_g").GetDouble(), c.GetProperty("beta1").GetDouble(), c.GetProperty("batch").GetInt32());

    [Fact]
    public void PacGanNetsImplyPacGansAlgorithm()
    {
        Assert.Equal(("simultaneous", 50, 1e-4, 0.8, 100), Protocol(Config("--method", "dcgan", "--data", "grid25", "--toy-net", "pacgan")));
        Assert.Equal(("simultaneous", 50, 1e-4, 0.8, 100), Protocol(Config("--method", "mma", "--data", "ring8-pacgan", "--toy-net", "pacgan", "--k", "2")));
        Assert.Equal("alternating", Config("--method", "wgan-gp", "--data", "grid25", "--toy-net", "pacgan").GetProperty("update").GetString());
        Assert.Equal(("alternating", 0, 1e-4, 0.8, 100),
            Protocol(Config("--method", "dcgan", "--data", "grid25", "--toy-net", "pacgan", "--update", "alternating", "--bn-recalibration", "0")));
        Assert.Equal(("alternating", 0, 2e-4, 0.5, 64), Protocol(Config("--method", "dcgan", "--data", "grid25")));
    }
}

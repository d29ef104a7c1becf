using System.Text.Json;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using MmaGan.Train.Cli;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary><c>--data stacked-mnist:PATH</c> starts from PacGAN's Stacked MNIST protocol (<see cref="Config.TrainPresets"/>): the
/// stacked-mnist networks at 28×28, z ∈ R^256, batch 128, D lr 2e-4, G lr 1e-4, β = (0.5, 0.99); WGAN-GP keeps its own optimizer;
/// flags given win; the exported generator passes its parity check.</summary>
public class StackedMnistProtocolTests
{
    static string Data => "stacked-mnist:" + SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");

    static (JsonElement Config, string? Onnx) Train(bool export, params string[] args)
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var hook = export ? (Action<MmaGan.Train.Training.TrainingState, string>)((s, p) => MmaGan.Train.Export.TrainingStateExport.Export(s, p)) : null;
            var code = TrainCommand.Create(exportHook: hook).Parse([.. args, "--out", dir, "--steps", "2", "--threads", "1", "--bn-recalibration", "2", .. export ? Array.Empty<string>() : ["--no-export"]]).Invoke();
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
            string? meta = null;
            if (export)
            {
                using var g = OnnxGenerator.Open(Path.Combine(dir, "generator.onnx"));
                meta = $"{g.LatentSize} [{string.Join(",", g.SampleShape)}] {g.Metadata["dataset"]}";
            }
            return (doc.RootElement.GetProperty("config").Clone(), meta);
        }
        finally { Directory.Delete(dir, true); }
    }

    static string Protocol(JsonElement c) => string.Join(" ", new[] { "net", "preset", "batch", "div_batch", "lr_g", "lr_d", "beta1", "beta2", "latent_size", "image_size", "d_size" }
        .Select(k => c.GetProperty(k).ToString()));

    [SharedFact]
    public void StackedMnistDataImpliesPacGansProtocol()
    {
        var (c, onnx) = Train(export: true, "--method", "dcgan", "--data", Data);
        Assert.Equal("stacked-mnist pacgan-stacked-mnist 128 128 0.0001 0.0002 0.5 0.99 256 28 0.25", Protocol(c));
        Assert.Equal("256 [3,28,28] stacked-mnist", onnx);
        Assert.Equal("stacked-mnist pacgan-stacked-mnist 128 128 0.0001 0.0001 0 0.9 256 28 0.5",
            Protocol(Train(false, "--method", "wgan-gp", "--data", Data, "--d-size", "0.5", "--critic-steps", "1").Config));
        Assert.Equal("stacked-mnist pacgan-stacked-mnist 64 128 0.0003 0.0002 0.5 0.99 256 28 0.25",
            Protocol(Train(false, "--method", "mma", "--k", "4", "--data", Data, "--batch", "64", "--lr-g", "3e-4").Config));
        // The DCGAN conv nets on the same data, padded to 32: the paper's defaults.
        Assert.Equal("conv mma-gan-paper 64 64 0.0002 0.0002 0.5 0.999 100 32 0.25",
            Protocol(Train(false, "--method", "dcgan", "--data", Data, "--net", "conv", "--base-width", "8", "--preset", "mma-gan-paper", "--image-size", "32").Config));
    }

    [SharedFact]
    public void NonsenseIsRefusedWithOneLine()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            int Code(params string[] args) => TrainCommand.Create(exportHook: null).Parse([.. args, "--out", dir, "--steps", "1"]).Invoke();
            Assert.Equal(2, Code("--data", Data, "--d-size", "0.3"));
            Assert.Equal(2, Code("--data", "cifar10:" + SharedFixtures.Path_("data", "cifar10"), "--net", "stacked-mnist"));
            Assert.Equal(2, Code("--data", Data, "--image-size", "32"));
        }
        finally { Directory.Delete(dir, true); }
    }
}

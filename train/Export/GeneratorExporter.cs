using System.Globalization;
using MmaGan.Shared.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Export;

/// <summary>
/// Exports a TorchSharp generator to ONNX (opset 17, IR 8): input <c>z</c> float32 [N, zdim] with a dynamic batch
/// dimension "N", output <c>images</c> [N, C, H, W] (or <c>samples</c> [N, 2] for 2-D toys), metadata_props from
/// <see cref="GeneratorExportInfo"/>. Every export is verified: the file is written to a temporary name, run in ONNX
/// Runtime on <see cref="ParityBatch"/> standard-normal latents (seed <see cref="ParitySeed"/>) and compared with the
/// TorchSharp generator in eval mode; if max |ONNX − TorchSharp| &gt; <see cref="ParityTolerance"/> the temporary file
/// is deleted and a <see cref="GeneratorExportException"/> is thrown, otherwise it is renamed to the output path.
/// </summary>
public static class GeneratorExporter
{
    public const int ParityBatch = 64;
    public const int ParitySeed = 20240617;
    public const double ParityTolerance = 1e-4;

    /// <summary>Exports and verifies; returns the parity check's max abs difference.</summary>
    /// <exception cref="MmaGan.Shared.IO.InputException">The network contains a module the exporter does not support.</exception>
    /// <exception cref="GeneratorExportException">The ONNX model does not reproduce the TorchSharp generator.</exception>
    public static double Export(nn.Module<Tensor, Tensor> generator, GeneratorExportInfo info, string outPath) =>
        WriteVerified(generator, info, outPath, BuildModel(generator, info));

    /// <summary>Writes <paramref name="model"/> to <paramref name="outPath"/> only if it reproduces <paramref name="generator"/>.</summary>
    internal static double WriteVerified(nn.Module<Tensor, Tensor> generator, GeneratorExportInfo info, string outPath, byte[] model)
    {
        var full = Path.GetFullPath(outPath);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        // The standard temporary name (.NAME.tmp-PID-HOST-GUID): what a killed export leaves, the next run in the folder removes.
        var temp = Shared.IO.TempFiles.For(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(model);
                stream.Flush(flushToDisk: true);
            }
            var diff = ParityCheck(generator, info, temp);
            if (!(diff <= ParityTolerance))
                throw new GeneratorExportException(
                    $"export to {outPath} failed its parity check: ONNX Runtime and TorchSharp differ by up to {diff.ToString("G3", CultureInfo.InvariantCulture)} " +
                    $"on {ParityBatch} latents (tolerance {ParityTolerance.ToString(CultureInfo.InvariantCulture)}); no file was written");
            File.Move(temp, full, overwrite: true);
            return diff;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// The serialized ONNX model, unverified (use <see cref="Export"/> for files). <paramref name="foldBatchNorm"/> folds
    /// each BatchNorm into the Linear/Conv/ConvTranspose before it (see <see cref="TorchModuleTranslator"/>).
    /// </summary>
    public static byte[] BuildModel(nn.Module<Tensor, Tensor> generator, GeneratorExportInfo info, bool foldBatchNorm = true) =>
        BuildGraph(generator, info, foldBatchNorm).ToBytes();

    internal static OnnxGraphBuilder BuildGraph(nn.Module<Tensor, Tensor> generator, GeneratorExportInfo info, bool foldBatchNorm = true)
    {
        if (info.LatentSize <= 0) throw new ArgumentException("LatentSize must be positive", nameof(info));
        var images = info.SampleShape.Length == 3;
        var outputName = images ? "images" : "samples";
        var graph = new OnnxGraphBuilder("generator")
        {
            DocString =
                $"MmaGan generator ({info.Method}, {info.Dataset}, step {info.Step}). Input z: float32 [N, {info.LatentSize}], " +
                $"sampled from a standard normal distribution, z ~ N(0, I). Output {outputName}: float32 [N, {string.Join(", ", info.SampleShape)}] " +
                $"in {info.OutputRange}" + (images ? " (RGB/gray channels, CHW)." : "."),
        };
        var z = graph.AddInput("z", OnnxElementType.Float, OnnxDim.Symbolic("N"), info.LatentSize);

        long[] outShape;
        using (NewDisposeScope())
        using (no_grad())
            outShape = new TorchModuleTranslator(graph, foldBatchNorm).Translate(generator, z, [-1, info.LatentSize], outputName);

        if (!outShape[1..].SequenceEqual(info.SampleShape.Select(v => (long)v)))
            throw new MmaGan.Shared.IO.InputException(
                $"cannot export generator: it produces samples of shape [{string.Join(",", outShape[1..])}] but the run says [{string.Join(",", info.SampleShape)}]");
        graph.AddOutput(outputName, OnnxElementType.Float, [OnnxDim.Symbolic("N"), .. outShape[1..].Select(d => (OnnxDim)d)]);

        var inv = CultureInfo.InvariantCulture;
        graph.Metadata["method"] = info.Method;
        graph.Metadata["k"] = info.K.ToString(inv);
        graph.Metadata["lambda"] = info.Lambda.ToString("R", inv);
        graph.Metadata["tau"] = info.Tau is { } tau ? tau.ToString("R", inv) : "";
        graph.Metadata["dataset"] = info.Dataset;
        graph.Metadata["image_size"] = info.ImageSize.ToString(inv);
        graph.Metadata["latent_size"] = info.LatentSize.ToString(inv);
        graph.Metadata["latent_distribution"] = info.LatentDistribution;
        graph.Metadata["output_range"] = info.OutputRange;
        graph.Metadata["step"] = info.Step.ToString(inv);
        graph.Metadata["seed"] = info.Seed.ToString(inv);
        graph.Metadata["pack"] = info.Pack.ToString(inv);
        if (info.ToyNet is { } toyNet) graph.Metadata["toy_net"] = toyNet;
        return graph;
    }

    /// <summary>
    /// Max |ONNX Runtime − TorchSharp| over <see cref="ParityBatch"/> latents, with the generator in eval mode (its
    /// previous train/eval mode is restored afterwards).
    /// </summary>
    public static double ParityCheck(nn.Module<Tensor, Tensor> generator, GeneratorExportInfo info, string onnxPath, int batch = ParityBatch)
    {
        var z = StandardNormalLatents.Sample(ParitySeed, batch * info.LatentSize);
        float[] onnx;
        using (var session = OnnxGenerator.Open(onnxPath))
            onnx = session.Run(z, batch);
        var torchOut = RunTorch(generator, z, batch, info.LatentSize);
        if (onnx.Length != torchOut.Length)
            throw new GeneratorExportException($"export parity check: ONNX gives {onnx.Length} values, TorchSharp {torchOut.Length}");
        double max = 0;
        for (var i = 0; i < onnx.Length; i++)
        {
            var d = Math.Abs((double)onnx[i] - torchOut[i]);
            if (!(d <= max)) max = d; // NaN propagates
        }
        return max;
    }

    /// <summary>Runs the generator in eval mode without gradients on z [n, latentSize]; restores its mode.</summary>
    internal static float[] RunTorch(nn.Module<Tensor, Tensor> generator, float[] z, int n, int latentSize)
    {
        var wasTraining = generator.training;
        generator.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var device = generator.parameters().FirstOrDefault()?.device ?? CPU;
            var input = tensor(z, [n, latentSize]).to(device);
            return TorchModuleTranslator.ToFloats(generator.call(input));
        }
        finally
        {
            if (wasTraining) generator.train();
        }
    }
}

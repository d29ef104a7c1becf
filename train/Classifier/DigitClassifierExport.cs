using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using MmaGan.Shared.Onnx;
using MmaGan.Train.Export;
using static TorchSharp.torch;

namespace MmaGan.Train.Classifier;

/// <summary>What the exported classifier records about itself (ONNX metadata_props).</summary>
public sealed record DigitClassifierInfo(DigitClassifierSettings Settings, double HeldOutAccuracy, int HeldOutDigits, string DataFile, string DataSha256);

/// <summary>
/// Exports the digit classifier to ONNX (opset 17): input <c>images</c> float32 [N, 1, 28, 28] in [0, 1], outputs
/// <c>logits</c> [N, 10] and <c>features</c> [N, 128] (the Dense-128 ReLU activations), eval mode (no dropout), with its training
/// settings, held-out accuracy and data digest in the metadata. As for generators, the file is written under a temporary name,
/// run in ONNX Runtime on digits and compared with TorchSharp; a difference above <see cref="ParityTolerance"/> (on either output)
/// fails the export and leaves no file.
/// </summary>
public static class DigitClassifierExport
{
    public const double ParityTolerance = 1e-3;
    public const string ModelKind = "mnist-digit-classifier";

    /// <summary>Exports and verifies on <paramref name="checkDigits"/> [n,1,28,28]; returns the largest |ONNX − TorchSharp|.</summary>
    public static double Export(DigitClassifierNet net, DigitClassifierInfo info, Tensor checkDigits, string outPath)
    {
        var full = Path.GetFullPath(outPath);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        // The standard temporary name (.NAME.tmp-PID-HOST-GUID): what a killed export leaves, the next run in the folder removes.
        var temp = Shared.IO.TempFiles.For(full);
        try
        {
            File.WriteAllBytes(temp, Build(net, info).ToBytes());
            var diff = ParityCheck(net, checkDigits, temp);
            if (!(diff <= ParityTolerance))
                throw new GeneratorExportException($"export to {outPath} failed its parity check: ONNX Runtime and TorchSharp differ by up to " +
                                                   $"{diff.ToString("G3", CultureInfo.InvariantCulture)} (tolerance {ParityTolerance.ToString(CultureInfo.InvariantCulture)}); no file was written");
            File.Move(temp, full, overwrite: true);
            return diff;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    static OnnxGraphBuilder Build(DigitClassifierNet net, DigitClassifierInfo info)
    {
        var graph = new OnnxGraphBuilder("digit_classifier")
        {
            DocString = "MmaGan MNIST digit classifier (Keras mnist_cnn architecture). Input images: float32 [N, 1, 28, 28], one digit per image, " +
                        "values in [0, 1] (white digit on black). Outputs logits [N, 10] and features [N, 128] (the Dense-128 ReLU layer).",
        };
        var images = graph.AddInput("images", OnnxElementType.Float, OnnxDim.Symbolic("N"), 1, DigitClassifierNet.Side, DigitClassifierNet.Side);
        net.eval();
        using (NewDisposeScope())
        using (no_grad())
        {
            var translator = new TorchModuleTranslator(graph);
            translator.Translate(net.Features, images, [-1, 1, DigitClassifierNet.Side, DigitClassifierNet.Side], "features");
            translator.Translate(net.Head, "features", [-1, DigitClassifierNet.FeatureSize], "logits");
        }
        graph.AddOutput("logits", OnnxElementType.Float, OnnxDim.Symbolic("N"), DigitClassifierNet.Classes);
        graph.AddOutput("features", OnnxElementType.Float, OnnxDim.Symbolic("N"), DigitClassifierNet.FeatureSize);
        var inv = CultureInfo.InvariantCulture;
        var s = info.Settings;
        graph.Metadata["model"] = ModelKind;
        graph.Metadata["architecture"] = "keras-mnist-cnn: conv32-conv64-maxpool2-dropout0.25-dense128-dropout0.5-dense10";
        graph.Metadata["input_range"] = "[0,1]";
        graph.Metadata["held_out_accuracy"] = info.HeldOutAccuracy.ToString("R", inv);
        graph.Metadata["held_out_digits"] = info.HeldOutDigits.ToString(inv);
        graph.Metadata["train_digits"] = s.TrainDigits.ToString(inv);
        graph.Metadata["split_seed"] = s.SplitSeed.ToString(inv);
        graph.Metadata["seed"] = s.Seed.ToString(inv);
        graph.Metadata["epochs"] = s.Epochs.ToString(inv);
        graph.Metadata["batch"] = s.Batch.ToString(inv);
        graph.Metadata["learning_rate"] = s.LearningRate.ToString("R", inv);
        graph.Metadata["augmentation"] = s.AugmentationText;
        graph.Metadata["data"] = info.DataFile;
        graph.Metadata["data_sha256"] = info.DataSha256;
        graph.Metadata["trained_by"] = "mmagan-train classifier";
        return graph;
    }

    /// <summary>max |ONNX − TorchSharp| over both outputs on <paramref name="digits"/>.</summary>
    static double ParityCheck(DigitClassifierNet net, Tensor digits, string onnxPath)
    {
        float[] torchLogits, torchFeatures;
        using (NewDisposeScope())
        using (no_grad())
        {
            net.eval();
            var features = net.Features.call(digits);
            torchFeatures = TorchModuleTranslator.ToFloats(features);
            torchLogits = TorchModuleTranslator.ToFloats(net.Head.call(features));
        }
        var input = TorchModuleTranslator.ToFloats(digits);
        using var session = new InferenceSession(onnxPath);
        var shape = digits.shape.Select(d => (int)d).ToArray();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("images", new DenseTensor(input, shape))]);
        double max = 0;
        foreach (var (name, expected) in new[] { ("logits", torchLogits), ("features", torchFeatures) })
        {
            var got = results.Single(r => r.Name == name).AsEnumerable<float>().ToArray();
            if (got.Length != expected.Length) return double.PositiveInfinity;
            for (var i = 0; i < got.Length; i++)
            {
                var d = Math.Abs((double)got[i] - expected[i]);
                if (!(d <= max)) max = d;
            }
        }
        return max;
    }
}

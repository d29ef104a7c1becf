using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>What the digit classifier makes of a batch of images: each digit's class (arg-max logit), [Count · Digits] image-major,
/// and its features [Count · Digits, FeatureSize] (null when the model has no <c>features</c> output).</summary>
public sealed record DigitPredictions(int Count, int Digits, int[] Classes, float[]? Features, int FeatureSize);

/// <summary>
/// The MNIST digit classifier as ONNX (<c>mmagan-train classifier</c>, or any model honouring the contract): input float32
/// [N, 1, 28, 28], one white-on-black digit in [0, 1]; outputs <c>logits</c> [N, 10] and optionally <c>features</c> [N, F].
/// An image of the evaluator's sources (RGB in [0, 1]) holds <c>digits</c> digits, one per channel — three for Stacked MNIST, one
/// for MNIST (whose sources repeat the gray channel) — at 28×28 or padded to 32×32 (the centre 28×28 is classified, which undoes
/// the padding of <c>mnist:</c> and of 32×32 generators exactly).
/// </summary>
public sealed class DigitClassifierModel : IDisposable
{
    public const int Side = 28, Classes = 10;
    public const string LogitsOutput = "logits", FeaturesOutput = "features";

    readonly InferenceSession _session;
    readonly string _input;
    public string Path { get; }
    public int? FeatureSize { get; }

    public DigitClassifierModel(string path, string device = "cpu", int threads = 0)
    {
        Path = path;
        _session = OrtSessions.Open(path, "digit classifier", device, threads);
        try
        {
            if (_session.InputMetadata.Count != 1)
                throw InputException.ForFile(path, $"a digit classifier needs one input [N,1,28,28]; this one has {_session.InputMetadata.Count}");
            var (name, meta) = _session.InputMetadata.First();
            if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float || !DigitShaped(meta.Dimensions))
                throw InputException.ForFile(path, $"digit classifier input '{name}' must be float32 [N,1,28,28], is {meta.ElementDataType} {OrtSessions.Shape(meta.Dimensions)}");
            _input = name;
            var outs = _session.OutputMetadata;
            if (!outs.TryGetValue(LogitsOutput, out var logits) || logits.Dimensions is not [_, Classes])
                throw InputException.ForFile(path, $"a digit classifier needs an output 'logits' [N,10] (outputs: {string.Join(", ", outs.Keys)})");
            if (outs.TryGetValue(FeaturesOutput, out var features))
                FeatureSize = features.Dimensions is [_, var f] && f > 0 ? f
                    : throw InputException.ForFile(path, $"output 'features' must be [N,F], is {OrtSessions.Shape(features.Dimensions)}");
        }
        catch { _session.Dispose(); throw; }
    }

    static bool DigitShaped(int[] dims) =>
        dims.Length == 4 && (dims[1] == 1 || dims[1] < 0) && (dims[2] == Side || dims[2] < 0) && (dims[3] == Side || dims[3] < 0);

    /// <summary>Classifies every digit of <paramref name="batch"/> (<paramref name="digits"/> per image: 1 or 3).</summary>
    public DigitPredictions Run(ImageBatch batch, int digits, string sourceName, bool wantFeatures = false)
    {
        if (digits is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(digits));
        if (batch.Height != batch.Width || batch.Height is not (Side or 32))
            throw InputException.ForFile(sourceName, $"images are {batch.Height}×{batch.Width}; the digit classifier reads 28×28 digits (or padded to 32×32)");
        if (wantFeatures && FeatureSize is null) throw InputException.ForFile(Path, "the digit classifier has no 'features' output (needed for the Fréchet distance)");
        var n = batch.Count * digits;
        var input = new float[n * Side * Side];
        var offset = (batch.Height - Side) / 2;
        var plane = batch.Height * batch.Width;
        for (var i = 0; i < batch.Count; i++)
            for (var d = 0; d < digits; d++)
            {
                var src = (i * 3 + d) * plane;
                var dst = (i * digits + d) * Side * Side;
                for (var y = 0; y < Side; y++)
                    Array.Copy(batch.Data, src + (y + offset) * batch.Width + offset, input, dst + y * Side, Side);
            }
        var outputs = wantFeatures ? new[] { LogitsOutput, FeaturesOutput } : [LogitsOutput];
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(input, [n, 1, Side, Side]))], outputs);
        var logits = results.First(r => r.Name == LogitsOutput).AsEnumerable<float>().ToArray();
        var classes = new int[n];
        for (var j = 0; j < n; j++)
        {
            var best = 0;
            for (var c = 1; c < Classes; c++) if (logits[j * Classes + c] > logits[j * Classes + best]) best = c;
            if (!float.IsFinite(logits[j * Classes + best])) throw InputException.ForFile(Path, $"the digit classifier gave non-finite logits for image {j / digits} of a batch of {sourceName}");
            classes[j] = best;
        }
        var features = wantFeatures ? results.First(r => r.Name == FeaturesOutput).AsEnumerable<float>().ToArray() : null;
        return new DigitPredictions(batch.Count, digits, classes, features, FeatureSize ?? 0);
    }

    public void Dispose() => _session.Dispose();
}

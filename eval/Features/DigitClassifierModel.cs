using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>
/// The MNIST digit classifier as a feature network (<c>mmagan-train classifier</c>, or any model honouring the contract): its
/// ONNX input is float32 [N, 1, 28, 28], one white-on-black digit in [0, 1]; its outputs are <c>logits</c> [N, 10] and
/// <c>features</c> [N, F]. Each image of the evaluator's sources (RGB in [0, 1]) holds one digit per channel — Stacked MNIST's
/// three; an MNIST source repeats its gray digit to all three — at 28×28, or padded to 32×32 (the centre 28×28 is read, which
/// undoes <c>mnist:</c>'s padding exactly). Per image this model gives the three digits' features side by side, [3·F], and their
/// logits side by side, [30] (R's first).
/// </summary>
public sealed class DigitClassifierModel : IFeatureModel
{
    public const int Side = 28, Classes = 10, DigitsPerImage = 3;
    const string Logits = "logits", Features = "features";

    readonly InferenceSession _session;
    readonly string _input;
    readonly int _digitFeatures;

    public string Path { get; }
    public string FeatureOutput => Features;
    public int FeatureSize => DigitsPerImage * _digitFeatures;
    public string? LogitsOutput => Logits;
    public int? LogitsSize => DigitsPerImage * Classes;
    /// <summary>Handed the images as they are (28×28 or 32×32); it crops them itself.</summary>
    public MmaGan.Models.Preprocessing.FeaturePreprocessing Preprocessing => MmaGan.Models.Preprocessing.FeaturePreprocessing.AsGiven;
    /// <summary>A classifier trained here has no published weights to match: its file digest (in every report) identifies it.</summary>
    public MmaGan.Models.Fetch.Provenance Provenance => MmaGan.Models.Fetch.Provenance.Unknown;

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
            if (!outs.TryGetValue(Logits, out var logits) || logits.Dimensions.Length != 2 || logits.Dimensions[1] != Classes)
                throw InputException.ForFile(path, $"a digit classifier needs an output 'logits' [N,10] (outputs: {string.Join(", ", outs.Keys)})");
            if (!outs.TryGetValue(Features, out var features) || features.Dimensions.Length != 2 || features.Dimensions[1] < 1)
                throw InputException.ForFile(path, $"a digit classifier needs an output 'features' [N,F] (outputs: {string.Join(", ", outs.Keys)})");
            _digitFeatures = features.Dimensions[1];
        }
        catch { _session.Dispose(); throw; }
    }

    static bool DigitShaped(int[] dims) =>
        dims.Length == 4 && (dims[1] == 1 || dims[1] < 0) && (dims[2] == Side || dims[2] < 0) && (dims[3] == Side || dims[3] < 0);

    public (float[] Features, float[]? Logits) Run(float[] images, int n, int height, int width, bool wantLogits)
    {
        if (height != width || height is not (Side or 32))
            throw new InputException($"images are {height}×{width}; the digit classifier reads 28×28 digits (or padded to 32×32)");
        var digits = n * DigitsPerImage;
        var input = new float[digits * Side * Side];
        var offset = (height - Side) / 2;
        var plane = height * width;
        for (var d = 0; d < digits; d++)                                   // digit d = channel d % 3 of image d / 3
            for (var y = 0; y < Side; y++)
                Array.Copy(images, d * plane + (y + offset) * width + offset, input, (d * Side + y) * Side, Side);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(input, [digits, 1, Side, Side]))],
            wantLogits ? [Features, Logits] : [Features]);
        // [3n, F] row-major is already [n, 3·F] with the three digits side by side; likewise the logits.
        var features = results.First(r => r.Name == Features).AsEnumerable<float>().ToArray();
        var logits = wantLogits ? results.First(r => r.Name == Logits).AsEnumerable<float>().ToArray() : null;
        return (features, logits);
    }

    public void Dispose() => _session.Dispose();
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>
/// The FID Inception network as ONNX: input float32 [N,3,H,W] RGB in [0,1] (the network rescales and resizes itself);
/// output <c>pool3</c> [N,2048] or [N,2048,1,1]; optional <c>logits_unbiased</c> (preferred for IS) or <c>logits</c>.
/// Any feature width works (small test models use fewer than 2048). A model that records a preprocessing convention
/// resizing outside the network (<see cref="Preprocessing"/>: clean-fid's clean mode) is handed its input by
/// <see cref="FeatureExtractor"/> resized as the convention says. Feature networks of other spaces (DINOv2, CLIP: output
/// <c>features</c>, metadata <c>feature_space</c>) open only with <c>anyFeatureSpace</c> (the benchmark), as the metric
/// commands do not yet name or report their features' space.
/// </summary>
public sealed class InceptionModel : IFeatureModel
{
    readonly InferenceSession _session;
    readonly string _input;
    public string Path { get; }
    public string FeatureOutput { get; }
    public string? LogitsOutput { get; }
    public int FeatureSize { get; }
    public int? LogitsSize { get; }
    public InferenceSession Session => _session;
    /// <summary>Whether it was built from the official pytorch-fid weights (<see cref="FeatureModelProvenance"/>).</summary>
    public MmaGan.Models.Fetch.Provenance Provenance { get; }
    public string InputName => _input;
    /// <summary>How images reach the network (from its metadata; models recording none resize inside, as pytorch-fid's).</summary>
    public FeaturePreprocessing Preprocessing { get; }
    /// <summary>The metadata's <c>feature_space</c>: inception (also for models recording none), dinov2, clip.</summary>
    public string FeatureSpace { get; }

    /// <summary>pytorch-fid's feature dimensions (<c>--dims</c>): 64, 192, 768 (earlier blocks) and 2048 (pool3).</summary>
    public static readonly int[] KnownDims = [64, 192, 768, 2048];
    public const int DefaultDims = 2048;

    /// <summary>The output holding the <paramref name="dims"/>-d features: pool3 for 2048, else pool64 / pool192 / pool768.</summary>
    public static string OutputFor(int dims) =>
        dims == DefaultDims ? "pool3" : KnownDims.Contains(dims) ? $"pool{dims}"
            : throw new InputException($"--dims {dims}: expected one of {string.Join(", ", KnownDims)}");

    /// <param name="dims">Which features: 2048 = pool3 (any width is accepted, so small test models work); 64, 192 or 768 =
    /// pytorch-fid's earlier blocks, outputs pool64 / pool192 / pool768 of that width.</param>
    /// <param name="anyFeatureSpace">Also open DINOv2 / CLIP feature networks (output <c>features</c>).</param>
    /// <param name="cuda">CUDA provider options on a CUDA device (null = the defaults every command uses; the bench varies them).</param>
    public InceptionModel(string path, string device = "cpu", int threads = 0, int dims = DefaultDims, bool anyFeatureSpace = false, Shared.Onnx.CudaProviderSettings? cuda = null)
    {
        var featureOutput = OutputFor(dims);
        Path = path;
        _session = OrtSessions.Open(path, "Inception", device, threads, cuda);
        try
        {
            if (_session.InputMetadata.Count != 1)
                throw InputException.ForFile(path, $"an Inception model needs one input [N,3,H,W]; this one has {_session.InputMetadata.Count}");
            var (inName, inMeta) = _session.InputMetadata.First();
            if (!inMeta.IsTensor || inMeta.ElementDataType != TensorElementType.Float || inMeta.Dimensions.Length != 4 || inMeta.Dimensions[1] is not (3 or -1))
                throw InputException.ForFile(path, $"Inception input '{inName}' must be float32 [N,3,H,W], is {inMeta.ElementDataType} {OrtSessions.Shape(inMeta.Dimensions)}");
            _input = inName;
            var metadata = Metadata(_session);
            FeatureSpace = metadata.GetValueOrDefault("feature_space", "inception");
            if (FeatureSpace != "inception" && !anyFeatureSpace)
                throw InputException.ForFile(path, $"a {FeatureSpace} feature network, not an Inception model; this command scores Inception features only (other feature spaces are not wired into the metric commands yet)");
            Preprocessing = FeaturePreprocessing.FromMetadata(metadata, out var problem) ?? throw InputException.ForFile(path, problem!);
            if (Preprocessing.Resize != ResizeMethod.InNetwork && inMeta.Dimensions[2..] is var hw && hw.Any(d => d > 0 && d != Preprocessing.InputSize))
                throw InputException.ForFile(path, $"input '{inName}' is {OrtSessions.Shape(inMeta.Dimensions)} but the model records {FeaturePreprocessing.InputSizeKey} {Preprocessing.InputSize}");
            var outs = _session.OutputMetadata;
            if (anyFeatureSpace && !outs.ContainsKey(featureOutput) && dims == DefaultDims && outs.ContainsKey("features")) featureOutput = "features";
            FeatureOutput = outs.ContainsKey(featureOutput) ? featureOutput
                : dims != DefaultDims ? throw InputException.ForFile(path, $"Inception model has no output '{featureOutput}' for --dims {dims}; rebuild it with `mmagan-eval models build-fid`")
                : throw InputException.ForFile(path, $"Inception model has no output 'pool3' (outputs: {string.Join(", ", outs.Keys)})");
            FeatureSize = Width(outs[featureOutput].Dimensions, path, featureOutput);
            if (dims != DefaultDims && FeatureSize != dims)
                throw InputException.ForFile(path, $"output '{featureOutput}' has {FeatureSize} features, expected {dims}");
            LogitsOutput = outs.ContainsKey("logits_unbiased") ? "logits_unbiased" : outs.ContainsKey("logits") ? "logits" : null;
            if (LogitsOutput != null) LogitsSize = Width(outs[LogitsOutput].Dimensions, path, LogitsOutput);
            Provenance = FeatureModelProvenance.Check(_session, path, "FIDs and Inception Scores");
        }
        catch { _session.Dispose(); throw; }
    }

    static Dictionary<string, string> Metadata(InferenceSession session)
    {
        try { return session.ModelMetadata.CustomMetadataMap; }
        catch (OnnxRuntimeException) { return []; }
    }

    static int Width(int[] dims, string path, string name)
    {
        if (dims.Length is 2 or 4 && dims[1] > 0 && dims.Skip(2).All(d => d == 1)) return dims[1];
        throw InputException.ForFile(path, $"output '{name}' must be [N,C] or [N,C,1,1], is {OrtSessions.Shape(dims)}");
    }

    /// <summary>Runs one batch [n,3,h,w]; returns pool3 [n, FeatureSize] and, when wanted and present, logits [n, LogitsSize].</summary>
    public (float[] Features, float[]? Logits) Run(float[] images, int n, int height, int width, bool wantLogits)
    {
        var needed = n * 3 * height * width;
        var input = images.Length == needed ? images : images[..needed];
        using var value = OrtValue.CreateTensorValueFromMemory(input, [n, 3, height, width]);
        var names = wantLogits && LogitsOutput != null ? new[] { FeatureOutput, LogitsOutput } : new[] { FeatureOutput };
        using var run = new RunOptions();
        using var results = _session.Run(run, [_input], [value], names);
        var features = results[0].GetTensorDataAsSpan<float>().ToArray();
        if (features.Length != n * FeatureSize) throw InputException.ForFile(Path, $"pool3 has {features.Length} values for {n} images; expected {n}x{FeatureSize}");
        float[]? logits = null;
        if (names.Length > 1)
        {
            logits = results[1].GetTensorDataAsSpan<float>().ToArray();
            if (logits.Length != n * LogitsSize) throw InputException.ForFile(Path, $"{LogitsOutput} has {logits.Length} values for {n} images");
        }
        return (features, logits);
    }

    public void Dispose() => _session.Dispose();
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Eval.Onnx;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Features;

/// <summary>
/// The FID Inception network as ONNX: input float32 [N,3,H,W] RGB in [0,1] (the network rescales and resizes itself);
/// output <c>pool3</c> [N,2048] or [N,2048,1,1]; optional <c>logits_unbiased</c> (preferred for IS) or <c>logits</c>.
/// A pool3 narrower or wider than 2048 is refused unless the model records its width (<see cref="FeatureDimsKey"/>: the small
/// test models do). A model that records a preprocessing convention
/// resizing outside the network (<see cref="Preprocessing"/>: clean-fid's clean mode) is handed its input by
/// <see cref="FeatureExtractor"/> resized as the convention says. The feature networks of the other image spaces built here
/// (DINOv2, CLIP: one image input, output <see cref="EmbeddingOutput"/>, no logits, metadata <c>feature_space</c>) have the same
/// contract and open through this class too, with <c>featureSpace</c> naming the space they must record.
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

    /// <summary>The output of the DINOv2 and CLIP feature networks (<c>models build-dinov2</c>, <c>build-clip</c>).</summary>
    public const string EmbeddingOutput = "features";

    /// <summary>pytorch-fid's feature dimensions (<c>--dims</c>): 64, 192, 768 (earlier blocks) and 2048 (pool3).</summary>
    public static readonly int[] KnownDims = [64, 192, 768, 2048];
    public const int DefaultDims = 2048;

    /// <summary>The output holding the <paramref name="dims"/>-d features: pool3 for 2048, else pool64 / pool192 / pool768.</summary>
    public static string OutputFor(int dims) =>
        dims == DefaultDims ? "pool3" : KnownDims.Contains(dims) ? $"pool{dims}"
            : throw new InputException($"--dims {dims}: expected one of {string.Join(", ", KnownDims)}");

    /// <param name="dims">Which features: 2048 = pool3 (2048 wide, or the width the model records in <see cref="FeatureDimsKey"/>); 64, 192 or 768 =
    /// pytorch-fid's earlier blocks, outputs pool64 / pool192 / pool768 of that width.</param>
    /// <param name="featureSpace">The space the model must record in its <c>feature_space</c> metadata (a model recording none is
    /// an Inception); null: any (the benchmark). DINOv2 and CLIP features come from the output <see cref="EmbeddingOutput"/>.</param>
    /// <param name="cuda">CUDA provider options on a CUDA device (null = the defaults every command uses; the bench varies them).</param>
    public InceptionModel(string path, string device = "cpu", int threads = 0, int dims = DefaultDims, string? featureSpace = "inception", Shared.Onnx.CudaProviderSettings? cuda = null)
    {
        var featureOutput = featureSpace is null or "inception" ? OutputFor(dims) : EmbeddingOutput;
        if (featureOutput == EmbeddingOutput && dims != DefaultDims) throw new InputException($"--dims {dims}: only the Inception features have earlier blocks");
        var label = Label(featureSpace);
        Path = path;
        _session = OrtSessions.Open(path, label, device, threads, cuda);
        try
        {
            if (_session.InputMetadata.Count != 1)
                throw InputException.ForFile(path, $"an {label} model needs one input [N,3,H,W]; this one has {_session.InputMetadata.Count}");
            var (inName, inMeta) = _session.InputMetadata.First();
            if (!inMeta.IsTensor || inMeta.ElementDataType != TensorElementType.Float || inMeta.Dimensions.Length != 4 || inMeta.Dimensions[1] is not (3 or -1))
                throw InputException.ForFile(path, $"{label} input '{inName}' must be float32 [N,3,H,W], is {inMeta.ElementDataType} {OrtSessions.Shape(inMeta.Dimensions)}");
            _input = inName;
            var metadata = Metadata(_session);
            FeatureSpace = metadata.GetValueOrDefault("feature_space", "inception");
            if (featureSpace is not null && FeatureSpace != featureSpace)
                throw InputException.ForFile(path, FeatureSpace == "inception"
                    ? $"an Inception model, not a {label} feature network (build one with `mmagan-eval models build-{featureSpace}`, or score Inception features: --features inception)"
                    : $"a {FeatureSpace} feature network, not {(featureSpace == "inception" ? "an Inception model" : $"a {label} one")} (score its features with --features {FeatureSpace} --feature-model PATH)");
            Preprocessing = FeaturePreprocessing.FromMetadata(metadata, out var problem) ?? throw InputException.ForFile(path, problem!);
            if (Preprocessing.Resize != ResizeMethod.InNetwork && inMeta.Dimensions[2..] is var hw && hw.Any(d => d > 0 && d != Preprocessing.InputSize))
                throw InputException.ForFile(path, $"input '{inName}' is {OrtSessions.Shape(inMeta.Dimensions)} but the model records {FeaturePreprocessing.InputSizeKey} {Preprocessing.InputSize}");
            var outs = _session.OutputMetadata;
            if (featureSpace is null && !outs.ContainsKey(featureOutput) && dims == DefaultDims && outs.ContainsKey(EmbeddingOutput)) featureOutput = EmbeddingOutput;
            FeatureOutput = outs.ContainsKey(featureOutput) ? featureOutput
                : dims != DefaultDims ? throw InputException.ForFile(path, $"Inception model has no output '{featureOutput}' for --dims {dims}; rebuild it with `mmagan-eval models build-fid`")
                : throw InputException.ForFile(path, $"{label} model has no output '{featureOutput}' (outputs: {string.Join(", ", outs.Keys)})");
            FeatureSize = Width(outs[featureOutput].Dimensions, path, featureOutput);
            if (dims != DefaultDims && FeatureSize != dims)
                throw InputException.ForFile(path, $"output '{featureOutput}' has {FeatureSize} features, expected {dims}");
            if (dims == DefaultDims) CheckFeatureWidth(path, metadata, featureOutput, FeatureSize);   // --dims was checked just above
            LogitsOutput = outs.ContainsKey("logits_unbiased") ? "logits_unbiased" : outs.ContainsKey("logits") ? "logits" : null;
            if (LogitsOutput != null) LogitsSize = Width(outs[LogitsOutput].Dimensions, path, LogitsOutput);
            Provenance = FeatureModelProvenance.Check(_session, path, FeatureSpace == "inception" ? "FIDs and Inception Scores" : $"{Label(FeatureSpace)} numbers");
        }
        catch { _session.Dispose(); throw; }
    }

    /// <summary>A space as messages name its model: Inception, DINOv2, CLIP.</summary>
    static string Label(string? space) => space switch
    {
        null or "inception" => "Inception",
        "dinov2" => "DINOv2",
        "clip" => "CLIP",
        _ => space,
    };

    static Dictionary<string, string> Metadata(InferenceSession session)
    {
        try { return session.ModelMetadata.CustomMetadataMap; }
        catch (OnnxRuntimeException) { return []; }
    }

    /// <summary>
    /// The feature width a model declares in its metadata (<see cref="FeatureDimsKey"/>): a model whose features are not an
    /// Inception's 2048-d pool3 by design — a stand-in or twin of a test, a smaller network — says so, and its output must agree.
    /// Without the declaration, a <c>pool3</c> must be 2048 wide: a [N,3] pool3 would otherwise give 3-d "Inception" statistics
    /// that score against nothing published. The other spaces' outputs (<see cref="EmbeddingOutput"/>: DINOv2, CLIP) have the
    /// width of their network and are checked only against a declaration.
    /// </summary>
    public const string FeatureDimsKey = "feature_dims";

    static void CheckFeatureWidth(string path, Dictionary<string, string> metadata, string output, int width)
    {
        int? declared = null;
        if (metadata.TryGetValue(FeatureDimsKey, out var text))
            declared = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0 ? d
                : throw InputException.ForFile(path, $"metadata {FeatureDimsKey} '{text}' is not a positive whole number");
        if (declared is { } n && n != width)
            throw InputException.ForFile(path, $"output '{output}' has {width} features but the model records {FeatureDimsKey} {n}");
        if (declared is null && output == OutputFor(DefaultDims) && width != DefaultDims)
            throw InputException.ForFile(path, $"output '{output}' has {width} features; an Inception pool3 has {DefaultDims} " +
                $"(a model whose features are {width}-d by design records it: metadata {FeatureDimsKey} = {width})");
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
        if (features.Length != n * FeatureSize) throw InputException.ForFile(Path, $"{FeatureOutput} has {features.Length} values for {n} images; expected {n}x{FeatureSize}");
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

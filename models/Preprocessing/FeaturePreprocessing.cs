using System.Globalization;

namespace MmaGan.Models.Preprocessing;

/// <summary>How the evaluator brings an image to a feature network's input size before the network runs.</summary>
public enum ResizeMethod
{
    /// <summary>None: the network takes any H×W and resizes itself (pytorch-fid's Inception, bilinear inside).</summary>
    InNetwork,
    /// <summary>PIL <c>Image.resize(size, BICUBIC)</c> on the 8-bit RGB image (dgm-eval: torchvision <c>Resize</c> on a PIL image).</summary>
    PilBicubic8Bit,
    /// <summary>PIL mode 'F' bicubic per channel on 0–255 floats, clipped to [0, 255] (clean-fid's <c>make_resizer("PIL", False, "bicubic")</c>).</summary>
    PilBicubicFloat,
    /// <summary>torch-fidelity's <c>interpolate_bilinear_2d_like_tensorflow1x</c> (align_corners=False) on 0–255 floats.</summary>
    Tf1Bilinear,
    /// <summary>torchvision <c>Resize(S, BICUBIC)</c> (shorter side to S, PIL, 8-bit) then <c>CenterCrop(S)</c> (clean-fid's CLIP-FID).</summary>
    PilBicubic8BitCenterCrop,
}

/// <summary>
/// A feature network's preprocessing convention, named after the reference that defines it, as the builders record it in
/// the model's metadata (<see cref="ConventionKey"/>, <see cref="ResizeKey"/>, <see cref="InputSizeKey"/>,
/// <see cref="InputRangeKey"/>) and the evaluator applies it: images arrive as RGB in [0, 1] at their own size, are resized
/// by <see cref="Resize"/> to <see cref="InputSize"/>² outside the network, and are handed over multiplied by
/// <see cref="InputScale"/> (1 for [0,1], 255 for [0,255]); whatever normalisation follows is inside the network.
/// </summary>
public sealed record FeaturePreprocessing(string Convention, ResizeMethod Resize, int InputSize, float InputScale)
{
    public const string ConventionKey = "preprocess";
    public const string ResizeKey = "resize";
    public const string InputSizeKey = "input_size";
    public const string InputRangeKey = "input_range";

    /// <summary>pytorch-fid's (the default for Inception): bilinear resize to 299 inside the network, input in [0,1].</summary>
    public static readonly FeaturePreprocessing LegacyPytorch = new("legacy-pytorch", ResizeMethod.InNetwork, 299, 1f);
    /// <summary>No convention of a published extractor: the images as the sources give them, any size (e.g. the digit classifier).</summary>
    public static readonly FeaturePreprocessing AsGiven = new("as-given", ResizeMethod.InNetwork, 0, 1f);
    /// <summary>clean-fid's <c>mode="clean"</c>: PIL float bicubic to 299×299 outside the network, input in [0,255].</summary>
    public static readonly FeaturePreprocessing Clean = new("clean", ResizeMethod.PilBicubicFloat, 299, 255f);
    /// <summary>dgm-eval's DINOv2Encoder.transform: PIL bicubic (8-bit) to 224×224, ToTensor ([0,1]), ImageNet normalisation.</summary>
    public static readonly FeaturePreprocessing DgmEval = new("dgm-eval", ResizeMethod.PilBicubic8Bit, 224, 1f);
    /// <summary>torch-fidelity 0.4's FeatureExtractorDinoV2: TF1 bilinear to 224 on 0–255 floats, normalisation by 255·mean, 255·std.</summary>
    public static readonly FeaturePreprocessing TorchFidelity = new("torch-fidelity", ResizeMethod.Tf1Bilinear, 224, 255f);
    /// <summary>clean-fid's CLIP-FID (img_preprocess_clip + CLIP_fx): Resize(224, bicubic) + CenterCrop(224), /255, CLIP normalisation.</summary>
    public static readonly FeaturePreprocessing CleanFidClip = new("clean-fid-clip", ResizeMethod.PilBicubic8BitCenterCrop, 224, 1f);

    public static IReadOnlyList<FeaturePreprocessing> Known { get; } = [LegacyPytorch, Clean, DgmEval, TorchFidelity, CleanFidClip];

    public static string ResizeName(ResizeMethod m) => m switch
    {
        ResizeMethod.InNetwork => "in-network",
        ResizeMethod.PilBicubic8Bit => "pil-bicubic-uint8",
        ResizeMethod.PilBicubicFloat => "pil-bicubic-float",
        ResizeMethod.Tf1Bilinear => "tf1-bilinear",
        ResizeMethod.PilBicubic8BitCenterCrop => "pil-bicubic-uint8-center-crop",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public string InputRange => InputScale == 1f ? "[0,1]" : $"[0,{InputScale.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>Writes the convention into a model's metadata.</summary>
    public void WriteTo(IDictionary<string, string> metadata)
    {
        metadata[ConventionKey] = Convention;
        metadata[ResizeKey] = ResizeName(Resize);
        metadata[InputSizeKey] = InputSize.ToString(CultureInfo.InvariantCulture);
        metadata[InputRangeKey] = InputRange;
    }

    /// <summary>
    /// The convention a model records; a model that records none (an older build, a third-party export) resizes inside the
    /// network and takes [0,1] (<see cref="LegacyPytorch"/>). An unknown name returns null with the reason in <paramref name="problem"/>.
    /// </summary>
    public static FeaturePreprocessing? FromMetadata(IReadOnlyDictionary<string, string> metadata, out string? problem)
    {
        problem = null;
        if (!metadata.TryGetValue(ResizeKey, out var resize) || resize == ResizeName(ResizeMethod.InNetwork))
            return LegacyPytorch;
        var method = Enum.GetValues<ResizeMethod>().Cast<ResizeMethod?>().FirstOrDefault(m => ResizeName(m!.Value) == resize);
        if (method == null) { problem = $"unknown {ResizeKey} '{resize}' in the model's metadata"; return null; }
        if (!metadata.TryGetValue(InputSizeKey, out var sizeText) || !int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
        { problem = $"the model records {ResizeKey} '{resize}' but no valid {InputSizeKey}"; return null; }
        var range = metadata.GetValueOrDefault(InputRangeKey, "[0,1]");
        float scale = range switch { "[0,1]" => 1f, "[0,255]" => 255f, _ => float.NaN };
        if (float.IsNaN(scale)) { problem = $"unsupported {InputRangeKey} '{range}' (expected [0,1] or [0,255])"; return null; }
        var name = metadata.GetValueOrDefault(ConventionKey, resize);
        return new FeaturePreprocessing(name, method.Value, size, scale);
    }
}

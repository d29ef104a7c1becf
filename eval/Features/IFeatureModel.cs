namespace MmaGan.Eval.Features;

/// <summary>
/// A feature network as the evaluator runs it: images [N,3,H,W] RGB in [0,1] in, one row of features per image out
/// (and logits, when the network classifies). The FID Inception (<see cref="InceptionModel"/>) is one; a digit
/// classifier, DINOv2 or CLIP are others (<see cref="Evaluation.FeatureSpaces"/> lists them).
/// </summary>
public interface IFeatureModel : IDisposable
{
    /// <summary>The model file (its SHA-256 keys the feature cache).</summary>
    string Path { get; }
    /// <summary>The output the features come from (e.g. <c>pool3</c>).</summary>
    string FeatureOutput { get; }
    int FeatureSize { get; }
    /// <summary>The output of the class logits, or null when the network has none.</summary>
    string? LogitsOutput { get; }
    int? LogitsSize { get; }
    /// <summary>How images reach the network: resized outside it as its recorded convention says, or handed over as they are
    /// (<see cref="MmaGan.Models.Preprocessing.FeaturePreprocessing.LegacyPytorch"/>: the network resizes itself).</summary>
    MmaGan.Models.Preprocessing.FeaturePreprocessing Preprocessing { get; }
    /// <summary>Whether it was built from the official weights (<see cref="Onnx.FeatureModelProvenance"/>).</summary>
    MmaGan.Models.Fetch.Provenance Provenance { get; }

    /// <summary>Runs one batch [n,3,h,w]; returns features [n, FeatureSize] and, when wanted and present, logits [n, LogitsSize].</summary>
    (float[] Features, float[]? Logits) Run(float[] images, int n, int height, int width, bool wantLogits);
}

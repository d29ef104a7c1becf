namespace MmaGan.Train.Export;

/// <summary>
/// What an exported generator records in its ONNX metadata_props (keys: method, k, lambda, tau, dataset, image_size,
/// latent_size, latent_distribution, output_range, step, seed, pack, toy_net) and the sample shape the export must produce
/// (e.g. [3, 32, 32] for images, [2] for toy samples). Tau is null for the baselines (no activation target): its key is
/// written empty, so an evaluator report leaves the column blank instead of recording a τ the run never used.
/// </summary>
public sealed record GeneratorExportInfo(
    string Method,
    int K,
    double Lambda,
    double? Tau,
    string Dataset,
    int ImageSize,
    int LatentSize,
    string LatentDistribution,
    string OutputRange,
    long Step,
    int Seed,
    int[] SampleShape,
    int Pack = 1,
    string? ToyNet = null);

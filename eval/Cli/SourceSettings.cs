namespace MmaGan.Eval.Cli;

/// <summary>Values of <see cref="SourceOptions"/> for one invocation; what is done with them is <see cref="SourceRunner"/>.</summary>
internal sealed record SourceSettings(int? N, int Batch, string Device, int Seed, (float, float)? OutputRange)
{
    /// <summary>Side of <c>images:DIR</c> sources after centre crop and resize (<c>--image-size</c>, as the trainer's).</summary>
    public int ImageSize { get; init; } = Shared.Datasets.ImageDatasetReader.MnistSize;
    /// <summary>Read plain image folders with their subfolders (<c>--recursive</c>).</summary>
    public bool Recursive { get; init; }
    /// <summary>ONNX Runtime intra-op threads for every session of the command (<c>--threads</c>; 0 = ONNX Runtime's default).</summary>
    public int Threads { get; init; }
    /// <summary>With <c>--strict</c>: a dataset holding fewer images than <c>--n</c> is refused instead of used whole with a warning.</summary>
    public bool Strict { get; init; }
}

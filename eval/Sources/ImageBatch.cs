namespace MmaGan.Eval.Sources;

/// <summary><see cref="Count"/> RGB images [Count, 3, Height, Width] row-major, values in [0, 1].</summary>
public sealed record ImageBatch(float[] Data, int Count, int Height, int Width)
{
    public int ImageSize => 3 * Height * Width;
}

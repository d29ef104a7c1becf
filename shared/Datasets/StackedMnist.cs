using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// Stacked MNIST (Metz et al. 2017's and PacGAN's benchmark): an RGB image whose R, G and B channels are three MNIST digits
/// drawn independently and uniformly, with replacement, from a digit pool — 10³ = 1,000 modes, one per digit triple. The pool is an
/// IDX images file with its labels file beside it (<see cref="IdxLabels.BesideImages"/>); here that is MNIST's 10,000-digit
/// test set, the only MNIST data on these machines (PacGAN drew from the 60,000 training digits).
/// <para>The samples form one infinite, seeded stream: digit c of sample j is pool index
/// <c>⌊SplitMix64(seed, j·3 + c) · P / 2⁶⁴⌋</c> for a pool of P digits, so any sample can be drawn without drawing those before
/// it — the trainer's batch i is samples i·B … i·B + B − 1 of its seed's stream (a resumed run sees the same batches), and the
/// evaluator's real reference is the stream of <see cref="ReferenceSeed"/>. The mode of a sample is its label triple
/// 100·l_R + 10·l_G + l_B.</para>
/// </summary>
public sealed class StackedMnist
{
    public const int Channels = 3, Side = 28, ModeCount = 1000;

    /// <summary>The stream the evaluator reads for <c>stacked-mnist:PATH</c> as a real reference (a fixed seed of its own).</summary>
    public const ulong ReferenceSeed = 2018;

    /// <summary>How many samples of the reference stream a source yields when no count is asked for: the protocol's 25,600.</summary>
    public const int DefaultReferenceCount = 25_600;

    public IdxImages Pool { get; }
    public byte[] Labels { get; }
    public string ImagesPath { get; }

    StackedMnist(IdxImages pool, byte[] labels, string imagesPath) => (Pool, Labels, ImagesPath) = (pool, labels, imagesPath);

    /// <summary>Reads the pool and its labels; InputException when either is missing, foreign, or they disagree in count or size.</summary>
    public static StackedMnist Read(string imagesPath)
    {
        var pool = IdxImages.Read(imagesPath);
        if (pool.Rows != Side || pool.Cols != Side) throw InputException.ForFile(imagesPath, $"digits are {pool.Rows}×{pool.Cols}; Stacked MNIST stacks 28×28 MNIST digits");
        var labelsPath = IdxLabels.BesideImages(imagesPath)
                         ?? throw InputException.ForFile(imagesPath, "cannot name its labels file: expected a name containing 'images-idx3' (as t10k-images-idx3-ubyte.gz, labels in t10k-labels-idx1-ubyte.gz)");
        if (!File.Exists(labelsPath)) throw InputException.ForFile(labelsPath, "no such file (Stacked MNIST needs the labels beside the images)");
        var labels = IdxLabels.Read(labelsPath);
        if (labels.Length != pool.Count) throw InputException.ForFile(labelsPath, $"holds {labels.Length} labels for {pool.Count} images in {imagesPath}");
        return new StackedMnist(pool, labels, imagesPath);
    }

    /// <summary>The pool index of digit <paramref name="channel"/> of sample <paramref name="sample"/> in <paramref name="seed"/>'s stream.</summary>
    public int DigitIndex(ulong seed, long sample, int channel) =>
        (int)Math.BigMul(SplitMix64(seed, unchecked((ulong)sample * Channels + (ulong)channel)), (ulong)Pool.Count, out _);

    /// <summary>The mode (label triple 100·l_R + 10·l_G + l_B) of a sample of the stream.</summary>
    public int Mode(ulong seed, long sample)
    {
        var mode = 0;
        for (var c = 0; c < Channels; c++) mode = mode * 10 + Labels[DigitIndex(seed, sample, c)];
        return mode;
    }

    /// <summary>Samples first … first + count − 1 of the stream as uint8 [count, 3, size, size] (CHW), each 28×28 digit centred
    /// on black when <paramref name="size"/> is 32 (as <c>mnist:</c> pads).</summary>
    public byte[] Draw(ulong seed, long first, int count, int size = Side)
    {
        if (size is not (Side or ImageDatasetReader.MnistSize)) throw new InputException($"--image-size: Stacked MNIST is 28×28 (or padded to 32), not {size}");
        var pad = (size - Side) / 2;
        var plane = size * size;
        var pixels = new byte[(long)count * Channels * plane];
        for (var i = 0; i < count; i++)
            for (var c = 0; c < Channels; c++)
            {
                var digit = DigitIndex(seed, first + i, c);
                var target = ((long)i * Channels + c) * plane;
                for (var y = 0; y < Side; y++)
                    Array.Copy(Pool.Pixels, ((long)digit * Side + y) * Side, pixels, target + (y + pad) * size + pad, Side);
            }
        return pixels;
    }

    /// <summary>The pool's digits as uint8 [P, size, size], centred on black when <paramref name="size"/> is 32.</summary>
    public byte[] PaddedPool(int size)
    {
        if (size == Side) return Pool.Pixels;
        var pad = (size - Side) / 2;
        var pixels = new byte[(long)Pool.Count * size * size];
        for (var i = 0; i < Pool.Count; i++)
            for (var y = 0; y < Side; y++)
                Array.Copy(Pool.Pixels, ((long)i * Side + y) * Side, pixels, ((long)i * size + y + pad) * size + pad, Side);
        return pixels;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014) at position <paramref name="counter"/> of the sequence whose start is the
    /// mixed <paramref name="seed"/>: a counter-based generator, the same on every machine and in every program.</summary>
    static ulong SplitMix64(ulong seed, ulong counter) => Mix(unchecked(Mix(seed) + (counter + 1) * 0x9E3779B97F4A7C15UL));

    static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

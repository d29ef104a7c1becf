using MmaGan.Train.Runtime;

namespace MmaGan.Train.Numerics;

/// <summary>
/// The outcome of the start-up self-check: the convolution path the run uses, the one it replaced (when the first choice
/// disagreed with float64) and the worst float32-vs-float64 discrepancy measured with each.
/// </summary>
public sealed record NumericsCheck(ConvBackend Backend, ConvBackend? Replaced, LayerDiscrepancy? Worst,
    LayerDiscrepancy? ReplacedWorst, double Tolerance, double Seconds)
{
    /// <summary>One line for the run log and config.json.</summary>
    public string Summary => Replaced is { } replaced
        ? $"numerics check: {Name(replaced)} convolutions compute wrong values on this CPU ({Describe(ReplacedWorst)}); switched to " +
          $"{Name(Backend)} convolutions, which agree with float64 (worst {Describe(Worst)}; tolerance {Tolerance:G2}, {Seconds:F1} s)"
        : $"numerics check: float32 agrees with float64 using {Name(Backend)} convolutions (worst {Describe(Worst)}; tolerance {Tolerance:G2}, {Seconds:F1} s)";

    public static string Name(ConvBackend backend) => backend switch
    {
        ConvBackend.OneDnn => "oneDNN",
        ConvBackend.Gemm => "GEMM (im2col + BLAS)",
        _ => "libtorch's own",
    };

    /// <summary>The <c>--conv-backend</c> value naming a backend.</summary>
    public static string Key(ConvBackend backend) => backend switch
    {
        ConvBackend.OneDnn => "onednn",
        ConvBackend.Gemm => "gemm",
        _ => "aten",
    };

    public static string Describe(LayerDiscrepancy? d) => d is null
        ? "nothing to compare"
        : $"{d.Network} {d.Layer} {Direction(d.Direction)} relative error {d.RelativeError:G3}";

    static string Direction(Direction d) => d switch
    {
        Numerics.Direction.Forward => "forward",
        Numerics.Direction.BackwardData => "backward-data",
        _ => "backward-weights",
    };
}

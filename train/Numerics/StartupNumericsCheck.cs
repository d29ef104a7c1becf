using System.Diagnostics;
using MmaGan.Shared.IO;
using MmaGan.Train.Runtime;

namespace MmaGan.Train.Numerics;

/// <summary>
/// Before step 1: run the run's own G and D forward and backward on a fixed batch in float32 and in float64 and compare
/// (<see cref="NetworkNumerics"/>). Correct float32 results are within ~1e-5 of float64 at these sizes; the tolerance
/// 1e-4 leaves a margin for rounding while catching wrong kernels, which are off by 1e-3 up to NaN (docs/cpu-correctness.md).
/// <c>auto</c> tries oneDNN's kernels (fastest), then GEMM convolutions (<see cref="Networks.GemmConvolution"/>), then
/// libtorch's own kernels, and keeps the first that agrees; <c>onednn</c>, <c>gemm</c> and <c>aten</c> insist on one.
/// When none agrees, the run is refused with one line.
/// </summary>
public static class StartupNumericsCheck
{
    public const double Tolerance = 1e-4;

    public static readonly string[] Choices = ["auto", "onednn", "gemm", "aten"];

    /// <summary>Runs the check for <paramref name="requested"/>; <paramref name="measure"/> compares the networks with their
    /// convolutions on the path it is given and returns every discrepancy. The caller gives its networks the path found.</summary>
    public static NumericsCheck Run(string requested, Func<ConvBackend, IReadOnlyList<LayerDiscrepancy>> measure)
    {
        var clock = Stopwatch.StartNew();
        var ladder = Ladder(requested);
        LayerDiscrepancy? rejected = null;
        var tried = new List<string>();
        foreach (var backend in ladder)
        {
            var worst = Worst(measure(backend));
            if (Agrees(worst))
                return new NumericsCheck(backend, rejected is null ? null : ladder[0], worst, rejected, Tolerance, clock.Elapsed.TotalSeconds);
            rejected ??= worst;
            tried.Add($"{NumericsCheck.Name(backend)}: {NumericsCheck.Describe(worst)}");
        }
        throw new InputException(requested == "auto"
            ? $"float32 results disagree with float64 on this CPU with every convolution path ({string.Join("; ", tried)}; tolerance {Tolerance:G2}); refusing to train on wrong numbers"
            : $"--conv-backend {requested}: float32 results disagree with float64 on this CPU ({tried[0]}; tolerance {Tolerance:G2}); use --conv-backend auto");
    }

    /// <summary>The backends tried, in order, for a <c>--conv-backend</c> value.</summary>
    public static ConvBackend[] Ladder(string requested) => requested switch
    {
        "auto" => ConvKernels.CanSwitch ? [ConvBackend.OneDnn, ConvBackend.Gemm, ConvBackend.Aten] : [ConvBackend.OneDnn, ConvBackend.Gemm],
        "onednn" => [ConvBackend.OneDnn],
        "gemm" => [ConvBackend.Gemm],
        "aten" => [ConvBackend.Aten],
        _ => throw new InputException($"--conv-backend: unknown value '{requested}' (expected {string.Join(", ", Choices)})"),
    };

    /// <summary>The largest discrepancy (NaN counts as the largest), or null when nothing was compared.</summary>
    public static LayerDiscrepancy? Worst(IReadOnlyList<LayerDiscrepancy> all) =>
        all.Count == 0 ? null : all.MaxBy(d => double.IsNaN(d.RelativeError) ? double.PositiveInfinity : d.RelativeError);

    /// <summary>Whether the worst discrepancy is within <see cref="Tolerance"/>.</summary>
    public static bool Agrees(LayerDiscrepancy? worst) => worst is null || worst.RelativeError <= Tolerance;
}

using System.Globalization;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// The CUDA execution provider's options, in ONNX Runtime's names; one table for every session of the evaluator
/// (feature models and generators alike). docs/benchmarks.md ("GPU") gives the reasons.
/// <list type="table">
/// <item><term>device_id</term><description>N of <c>--device cuda:N</c> (0 for <c>cuda</c>).</description></item>
/// <item><term>cudnn_conv_algo_search</term><description>EXHAUSTIVE (ONNX Runtime's default): cuDNN times every algorithm once per
/// input shape and keeps the fastest. The evaluator feeds two shapes per run (<c>--batch</c> and the last, smaller batch), so the
/// search is paid twice and amortised over thousands of images. HEURISTIC and DEFAULT skip the search
/// (<c>mmagan-eval bench --device cuda --cudnn-conv-algo-search …</c> compares them).</description></item>
/// <item><term>arena_extend_strategy</term><description>kSameAsRequested: the device arena grows by what a run asks for, not by the next
/// power of two, so the fixed batch shapes settle at their working set instead of up to twice it.</description></item>
/// <item><term>gpu_mem_limit</term><description>not set: the device's memory (size <c>--batch</c> to it).</description></item>
/// <item><term>do_copy_in_default_stream</term><description>1 (ONNX Runtime's default): host↔device copies on the compute stream, in order.</description></item>
/// </list>
/// </summary>
public sealed record CudaProviderSettings
{
    public static readonly CudaProviderSettings Default = new();
    public static readonly string[] ConvAlgoSearches = ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"];

    public string CudnnConvAlgoSearch { get; init; } = "EXHAUSTIVE";
    public string ArenaExtendStrategy { get; init; } = "kSameAsRequested";

    /// <summary>The provider options for device <paramref name="deviceId"/>.</summary>
    public Dictionary<string, string> ProviderOptions(int deviceId) => new(StringComparer.Ordinal)
    {
        ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
        ["cudnn_conv_algo_search"] = CudnnConvAlgoSearch,
        ["arena_extend_strategy"] = ArenaExtendStrategy,
        ["do_copy_in_default_stream"] = "1",
    };

    /// <summary>"device_id=0, cudnn_conv_algo_search=EXHAUSTIVE, …" for plans and the doctor.</summary>
    public string Describe(int deviceId) => string.Join(", ", ProviderOptions(deviceId).Select(kv => $"{kv.Key}={kv.Value}"));
}

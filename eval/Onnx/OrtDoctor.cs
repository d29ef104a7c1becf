using System.Text.Json.Serialization;
using Microsoft.ML.OnnxRuntime;
using MmaGan.Models.Fetch;
using MmaGan.Shared.Models;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Onnx;

/// <summary>An execution provider: compiled into this ONNX Runtime or not, and whether it loads here (<see cref="Problem"/> says why not; null = not probed).</summary>
public sealed record ProviderStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("compiled_in")] bool CompiledIn,
    [property: JsonPropertyName("loads")] bool? Loads,
    [property: JsonPropertyName("problem")] string? Problem);

/// <summary>A CUDA library the CUDA execution provider needs, and whether the loader finds it.</summary>
public sealed record CudaLibraryStatus(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("provided_by")] string ProvidedBy,
    [property: JsonPropertyName("found")] bool Found);

/// <summary>An ONNX model in the models folder: its SHA-256 and whether it was built from the official weights.</summary>
public sealed record ModelStatus(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("official")] string Official,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>What <c>mmagan-eval doctor</c> reports (<see cref="OrtDoctor.Examine"/>).</summary>
public sealed record DoctorReport(
    [property: JsonPropertyName("onnxruntime_version")] string OrtVersion,
    [property: JsonPropertyName("build")] string Build,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("providers_compiled_in")] IReadOnlyList<string> CompiledProviders,
    [property: JsonPropertyName("providers")] IReadOnlyList<ProviderStatus> Providers,
    [property: JsonPropertyName("cuda_libraries")] IReadOnlyList<CudaLibraryStatus> CudaLibraries,
    [property: JsonPropertyName("cuda_settings")] string CudaSettings,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("intra_op_threads")] int IntraOpThreads,
    [property: JsonPropertyName("inter_op_threads")] int InterOpThreads,
    [property: JsonPropertyName("models_folder")] string ModelsFolder,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelStatus> Models);

/// <summary>
/// The evaluator's view of this machine: the ONNX Runtime it loaded (version, CPU or GPU build, providers compiled in),
/// which providers load here — CUDA probed as <c>--device cuda</c> would be, naming the first missing library — the
/// threads sessions get, and the models folder's ONNX files with their digests and provenance (<see cref="SourceDigests"/>).
/// </summary>
public static class OrtDoctor
{
    public static DoctorReport Examine(int cudaDevice = 0)
    {
        var providers = OrtRuntime.CompiledProviders.Select(name => name switch
        {
            "CPUExecutionProvider" => new ProviderStatus(name, true, true, null),
            OrtRuntime.CudaProvider => CudaExecutionProvider.Problem(cudaDevice) is { } problem
                ? new ProviderStatus(name, true, false, $"cuda:{cudaDevice}: {problem}")
                : new ProviderStatus(name, true, true, null),
            _ => new ProviderStatus(name, true, null, "not used by mmagan-eval (not probed)"),
        }).ToList();
        if (!OrtRuntime.IsGpuBuild)
            providers.Add(new ProviderStatus(OrtRuntime.CudaProvider, false, false,
                $"this is the CPU build; `make build GPU=1` builds the GPU one ({OrtRuntime.GpuPackage} {OrtRuntime.Version}, CUDA 13)"));
        var folder = ModelsFolder.Current;
        return new DoctorReport(OrtRuntime.Version, OrtRuntime.Build, OrtRuntime.Package, OrtRuntime.CompiledProviders, providers,
            [.. Shared.Onnx.CudaLibraries.Probe().Select(l => new CudaLibraryStatus(l.File, l.ProvidedBy, l.Found))],
            CudaProviderSettings.Default.Describe(cudaDevice), Environment.ProcessorCount, Environment.ProcessorCount, 1,
            folder, Models(folder));
    }

    /// <summary>Every .onnx file directly in <paramref name="folder"/>, by name.</summary>
    public static IReadOnlyList<ModelStatus> Models(string folder) =>
        !Directory.Exists(folder) ? []
            : [.. Directory.GetFiles(folder, "*.onnx").Order(StringComparer.Ordinal).Select(Model)];

    static ModelStatus Model(string path)
    {
        var sha = SourceDigests.Sha256Of(path);
        var bytes = new FileInfo(path).Length;
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
            using var session = new InferenceSession(path, options);
            var verdict = SourceDigests.Check(session.ModelMetadata.CustomMetadataMap, out var detail);
            return new ModelStatus(Path.GetFileName(path), bytes, sha, FeatureModelProvenance.Column(verdict), detail);
        }
        catch (OnnxRuntimeException e)
        {
            return new ModelStatus(Path.GetFileName(path), bytes, sha, "no", "not a loadable ONNX model: " + OrtErrors.Reason(e));
        }
    }
}

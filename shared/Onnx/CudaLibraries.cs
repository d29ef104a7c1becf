using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// The shared libraries ONNX Runtime 1.32's CUDA execution provider needs (Microsoft.ML.OnnxRuntime.Gpu.Linux, a CUDA 13
/// build): the ones libonnxruntime_providers_cuda.so links (its DT_NEEDED, in the loader's order), then cuDNN 9, which it
/// opens at run time. Each is looked up as the loader would for the provider: beside it (its RUNPATH is $ORIGIN), then by
/// name (LD_LIBRARY_PATH, the ld.so cache, the system folders).
/// </summary>
public static partial class CudaLibraries
{
    /// <summary>(file, what provides it), in the order the dynamic loader meets them.</summary>
    public static readonly IReadOnlyList<(string File, string ProvidedBy)> Required =
    [
        ("libcublasLt.so.13", "cuBLAS, CUDA 13"),
        ("libcublas.so.13", "cuBLAS, CUDA 13"),
        ("libcurand.so.10", "cuRAND, CUDA 13"),
        ("libcudart.so.13", "the CUDA 13 runtime"),
        ("libcuda.so.1", "the NVIDIA driver"),
        ("libcudnn.so.9", "cuDNN 9 for CUDA 13"),
    ];

    /// <summary>What to install, said once wherever a library is missing.</summary>
    public const string InstallHint =
        "install the NVIDIA driver, the CUDA 13 runtime, cuBLAS, cuRAND and cuDNN 9, or add the folder holding them to LD_LIBRARY_PATH";

    /// <summary>Each required library and whether it loads here.</summary>
    public static IReadOnlyList<(string File, string ProvidedBy, bool Found)> Probe() =>
        [.. Required.Select(r => (r.File, r.ProvidedBy, Loads(r.File)))];

    /// <summary>The first required library that does not load here, or null when all do.</summary>
    public static (string File, string ProvidedBy)? FirstMissing()
    {
        foreach (var r in Required)
            if (!Loads(r.File)) return r;
        return null;
    }

    /// <summary>The library named in a loader error such as ONNX Runtime's "… with error: libcublasLt.so.13: cannot open
    /// shared object file: No such file or directory", or null.</summary>
    public static string? MissingIn(string message) => MissingPattern().Match(message) is { Success: true } m ? m.Groups["lib"].Value : null;

    static bool Loads(string file)
    {
        foreach (var candidate in ProviderFolders().Select(d => Path.Combine(d, file)).Where(File.Exists).Append(file))
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        return false;
    }

    /// <summary>Where the provider library sits in a build output (framework-dependent: runtimes/linux-x64/native; published: beside the app).</summary>
    static IEnumerable<string> ProviderFolders() =>
        new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory }.Where(Directory.Exists);

    [GeneratedRegex(@"(?<lib>[\w.+-]+\.so(\.\d+)*): cannot open shared object file")]
    private static partial Regex MissingPattern();
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace MmaGan.Train.Runtime;

/// <summary>Which kernels libtorch uses for float32 convolutions on the CPU.</summary>
public enum ConvBackend
{
    /// <summary>oneDNN (libtorch's default on x86): JIT kernels chosen for the CPU's instruction set.</summary>
    OneDnn,
    /// <summary>Our own im2col/col2im + matrix-multiply formulation (<see cref="Networks.GemmConvolution"/>): no
    /// convolution kernel of oneDNN or libtorch is used, only libtorch's unfold/fold and BLAS GEMM. The safe path.</summary>
    Gemm,
    /// <summary>libtorch's own convolution kernels, as <c>torch.backends.mkldnn.enabled = False</c> gives (slow here).</summary>
    Aten,
}

/// <summary>
/// libtorch's own switch between oneDNN and its own convolution kernels — what PyTorch's <c>torch.backends.mkldnn.enabled</c>
/// sets, through the same <c>at::Context::setUserEnabledMkldnn</c>, which TorchSharp does not wrap: the symbols are looked
/// up in the already loaded <c>libtorch_cpu.so</c>. That switch is libtorch's, process-wide; which path a network takes
/// is the network's own (<see cref="Networks.ConvRoutedSequential.Path"/>), and the network sets the switch to match
/// whenever it computes (<see cref="Select"/>), so nothing here decides a path.
/// </summary>
public static class ConvKernels
{
    const int RtldNow = 2, RtldNoload = 4;
    [DllImport("libc", EntryPoint = "dlopen")] static extern IntPtr DlOpen(string file, int mode);
    [DllImport("libc", EntryPoint = "dlsym")] static extern IntPtr DlSym(IntPtr handle, string symbol);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate IntPtr GlobalContextFn();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate void SetBoolFn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool value);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] delegate bool GetBoolFn(IntPtr context);

    static (IntPtr Context, SetBoolFn Set, GetBoolFn Get)? _api;

    /// <summary>Whether the switch is available (Linux, libtorch loaded and exporting the context symbols).</summary>
    public static bool CanSwitch => Api() is not null;

    /// <summary>Sets libtorch's switch for <paramref name="path"/>: oneDNN on for <see cref="ConvBackend.OneDnn"/>, off for
    /// <see cref="ConvBackend.Aten"/> and <see cref="ConvBackend.Gemm"/> (whose convolutions use no convolution kernel, and whose
    /// other layers then take libtorch's own kernels); throws when libtorch cannot be switched here (Aten only).</summary>
    public static void Select(ConvBackend path)
    {
        if (Api() is { } api) api.Set(api.Context, path == ConvBackend.OneDnn);
        else if (path == ConvBackend.Aten) throw new InvalidOperationException("cannot switch libtorch's convolution kernels on this platform");
    }

    /// <summary>Whether libtorch's oneDNN kernels are switched on now (null when the switch is not available).</summary>
    public static bool? OneDnnEnabled => Api() is { } api ? api.Get(api.Context) : null;

    static (IntPtr Context, SetBoolFn Set, GetBoolFn Get)? Api()
    {
        if (_api is { } cached) return cached;
        if (!OperatingSystem.IsLinux()) return null;
        _ = torch.get_num_threads(); // makes sure libtorch is loaded
        try
        {
            var lib = DlOpen("libtorch_cpu.so", RtldNow | RtldNoload);
            if (lib == IntPtr.Zero) return null;
            var context = DlSym(lib, "_ZN2at13globalContextEv");
            var set = DlSym(lib, "_ZN2at7Context20setUserEnabledMkldnnEb");
            var get = DlSym(lib, "_ZNK2at7Context17userEnabledMkldnnEv");
            if (context == IntPtr.Zero || set == IntPtr.Zero || get == IntPtr.Zero) return null;
            var ctx = Marshal.GetDelegateForFunctionPointer<GlobalContextFn>(context)();
            _api = (ctx, Marshal.GetDelegateForFunctionPointer<SetBoolFn>(set), Marshal.GetDelegateForFunctionPointer<GetBoolFn>(get));
            return _api;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }
}

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
/// Switches libtorch between oneDNN and its own convolution kernels at run time — what PyTorch's
/// <c>torch.backends.mkldnn.enabled</c> does, through the same <c>at::Context::setUserEnabledMkldnn</c>, which
/// TorchSharp does not wrap: the symbols are looked up in the already loaded <c>libtorch_cpu.so</c>.
/// The switch applies to every convolution computed afterwards, process-wide. <see cref="ConvBackend.Gemm"/> also turns
/// oneDNN off and makes the networks' <see cref="Networks.ConvRoutedSequential"/> compute their convolutions as GEMMs.
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

    static ConvBackend _current = ConvBackend.OneDnn;

    /// <summary>The backend now in use.</summary>
    public static ConvBackend Current => _current;

    /// <summary>Whether the switch is available (Linux, libtorch loaded and exporting the context symbols).</summary>
    public static bool CanSwitch => Api() is not null;

    /// <summary>Selects <paramref name="backend"/>; throws when libtorch cannot be switched here (Aten only).</summary>
    public static void Use(ConvBackend backend)
    {
        if (Api() is { } api) api.Set(api.Context, backend == ConvBackend.OneDnn);
        else if (backend == ConvBackend.Aten) throw new InvalidOperationException("cannot switch libtorch's convolution kernels on this platform");
        _current = backend;
    }

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

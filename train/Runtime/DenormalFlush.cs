using System.Runtime.InteropServices;

namespace MmaGan.Train.Runtime;

/// <summary>
/// Sets the SSE flush-to-zero and denormals-are-zero flags (MXCSR bits 15 and 6) on the calling thread — what PyTorch's
/// <c>torch.set_flush_denormal(True)</c> does — so that values decaying towards zero (Adam's second moments of tiny
/// gradients, saturated activations) never hit x86's slow subnormal arithmetic during long runs. In the first steps of a
/// DCGAN-32 run we measured no difference (docs/benchmarks.md); it is a guard, not a speed-up claim.
/// Threads created afterwards (libtorch's OpenMP pool) inherit the flags (pthread_create copies the floating-point
/// environment), so call this before the first tensor operation. Values below 1.2e-38 become 0.
/// MMAGAN_KEEP_DENORMALS=1 turns it off.
/// </summary>
public static class DenormalFlush
{
    [DllImport("libm.so.6", EntryPoint = "fegetenv")] static extern int FeGetEnv(byte[] env);
    [DllImport("libm.so.6", EntryPoint = "fesetenv")] static extern int FeSetEnv(byte[] env);

    const int MxcsrOffset = 28;            // glibc x86-64 fenv_t: 28-byte x87 environment, then MXCSR
    const uint FlushToZeroAndDaz = 0x8040;

    /// <summary>True when the flags were set (Linux x64); false elsewhere (no effect).</summary>
    public static bool Enable()
    {
        if (Environment.GetEnvironmentVariable("MMAGAN_KEEP_DENORMALS") == "1") return false;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return false;
        try
        {
            var env = new byte[32];
            if (FeGetEnv(env) != 0) return false;
            var mxcsr = BitConverter.ToUInt32(env, MxcsrOffset) | FlushToZeroAndDaz;
            BitConverter.TryWriteBytes(env.AsSpan(MxcsrOffset), mxcsr);
            return FeSetEnv(env) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }
}

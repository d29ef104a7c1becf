using System.Runtime.InteropServices;

namespace MmaGan.Train.Runtime;

/// <summary>
/// Makes libtorch's OpenMP workers sleep instead of spin while they wait (OMP_WAIT_POLICY=PASSIVE) unless the user set
/// a policy. Measured with <c>bin/mmagan-train bench</c> on the 2-core machine with other jobs running (load ≈ 5): the
/// DCGAN-32 step took 3.6 s (3.6 s CPU) with the default spinning and 0.6 s with PASSIVE — spinning workers steal the
/// cores the other worker needs. Must run before libtorch (and its libgomp) is loaded, and must reach the native
/// environment: .NET's Environment.SetEnvironmentVariable does not on Unix, so this calls libc's setenv.
/// </summary>
public static class OpenMpWaitPolicy
{
    [DllImport("libc", EntryPoint = "setenv")] static extern int SetEnv(string name, string value, int overwrite);

    public static void PreferPassive()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        try { SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }
}

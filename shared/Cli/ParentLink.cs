using System.Globalization;
using System.Runtime.InteropServices;

namespace MmaGan.Shared.Cli;

/// <summary>
/// Makes a child process die with the process that launched it, even when that parent is killed with SIGKILL (which
/// it cannot intercept): the parent sets <see cref="Variable"/> to its pid in the child's environment
/// (<see cref="Link"/>); the child, first thing in <see cref="CliRunner.Run(Func{int})"/>, asks Linux for SIGKILL on
/// parent death (prctl PR_SET_PDEATHSIG) and exits at once if the parent is already gone. Linux only; elsewhere a no-op.
/// PR_SET_PDEATHSIG fires when the launching *thread* ends: mmagan-bench starts each child from a thread that then waits
/// for it (ChildProcess.Run), so that thread lives exactly as long as the child needs it.
/// </summary>
public static partial class ParentLink
{
    public const string Variable = "MMAGAN_PARENT_PID";
    const int PrSetPdeathsig = 1, SigKill = 9;
    static int _armed;

    /// <summary>Sets the child's environment so that it dies with this process.</summary>
    public static void Link(System.Diagnostics.ProcessStartInfo child) =>
        child.Environment[Variable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>In a child started with <see cref="Link"/>: arm SIGKILL on parent death (once), or exit if the parent is gone.</summary>
    public static void DieWithParentIfLinked()
    {
        if (Interlocked.Exchange(ref _armed, 1) == 1 || !OperatingSystem.IsLinux()) return;
        var value = Environment.GetEnvironmentVariable(Variable);
        if (value is null || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parent)) return;
        Environment.SetEnvironmentVariable(Variable, null);   // not for our own children: their parent is us
        try
        {
            Prctl(PrSetPdeathsig, SigKill, 0, 0, 0);
            if (GetParentPid() != parent)
            {
                Console.Error.WriteLine($"interrupted: the launching process {parent} has exited");
                Environment.Exit(CliRunner.Interrupted);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();
}

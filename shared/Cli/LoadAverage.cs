namespace MmaGan.Shared.Cli;

/// <summary>The machine's 1-minute load average, which the micro-benchmarks print beside their figures (a shared machine's load moves them).</summary>
public static class LoadAverage
{
    /// <summary>The first field of /proc/loadavg, or "?" where there is none.</summary>
    public static string Now()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
    }
}

using MmaGan.TestSupport;

namespace MmaGan.Bench.Tests.Cli;

/// <summary>Runs the built mmagan-bench (beside the test assembly) as a separate process.</summary>
internal static class BenchCli
{
    /// <summary>Runs with extra environment variables (a null value removes one).</summary>
    public static CliProcess.Result RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        CliProcess.Run("mmagan-bench.dll", environment, TimeSpan.FromMinutes(2), args);
}

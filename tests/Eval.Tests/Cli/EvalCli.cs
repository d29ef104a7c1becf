using MmaGan.TestSupport;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>Runs the built mmagan-eval (beside the test assembly) as a separate process.</summary>
internal static class EvalCli
{
    public static CliProcess.Result Run(params string[] args) => RunWith(new Dictionary<string, string?>(), args);

    /// <summary>Runs with extra environment variables (a null value removes one).</summary>
    public static CliProcess.Result RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        CliProcess.Run("mmagan-eval.dll", environment, TimeSpan.FromMinutes(5), args);
}

namespace MmaGan.Bench.Cli;

/// <summary>
/// The bench commands' wrapper over <see cref="Shared.Cli.CliRunner"/>: exit codes 0 ok, 2 bad input (one "error: …" line),
/// 1 other error, 130 interrupted. The first Ctrl-C or SIGTERM (e.g. a cluster scheduler's) cancels the sweep: running trainer
/// and evaluator processes are killed, finished runs are kept, and rerunning the same command resumes.
/// </summary>
public static class CliRunner
{
    public const int Ok = Shared.Cli.CliRunner.Ok, Error = Shared.Cli.CliRunner.Error,
        BadInput = Shared.Cli.CliRunner.BadInput, Interrupted = Shared.Cli.CliRunner.Interrupted;

    public static int Run(Func<CancellationToken, int> action)
    {
        using var cts = Shared.Cli.CliRunner.CancelOnSignals("interrupted: stopping the running processes; finished runs are kept — rerun the same command to resume");
        return Shared.Cli.CliRunner.Run(() => action(cts.Token));
    }
}

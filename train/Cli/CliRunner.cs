namespace MmaGan.Train.Cli;

/// <summary>The trainer's entry to <see cref="Shared.Cli.CliRunner"/> (exit codes 0 ok, 1 error, 2 bad input, 130 Ctrl-C/SIGTERM).</summary>
public static class CliRunner
{
    public const int Ok = Shared.Cli.CliRunner.Ok, Error = Shared.Cli.CliRunner.Error,
        BadInput = Shared.Cli.CliRunner.BadInput, Interrupted = Shared.Cli.CliRunner.Interrupted;

    public static int Run(Func<int> body) => Shared.Cli.CliRunner.Run(body);

    /// <summary>A token cancelled by Ctrl-C (SIGINT) or SIGTERM: the loop finishes its step, checkpoints and returns.</summary>
    public static CancellationTokenSource CancelOnSignals() =>
        Shared.Cli.CliRunner.CancelOnSignals("stopping after this step (press Ctrl-C again to abort)…");
}

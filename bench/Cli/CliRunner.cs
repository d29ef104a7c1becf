using MmaGan.Shared.IO;

namespace MmaGan.Bench.Cli;

/// <summary>Exit-code conventions shared by the commands: 0 ok, 2 bad input (one "error: …" line), 1 other error, 130 interrupted.</summary>
public static class CliRunner
{
    public const int Ok = 0, Error = 1, BadInput = 2, Interrupted = 130;

    public static int Run(Func<CancellationToken, int> action)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler handler = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += handler;
        try { return action(cts.Token); }
        catch (InputException e) { Console.Error.WriteLine("error: " + e.Message); return BadInput; }
        catch (OperationCanceledException) { Console.Error.WriteLine("interrupted: finished runs are kept; rerun the same command to resume"); return Interrupted; }
        catch (Exception e) { Console.Error.WriteLine("error: " + e.Message); return Error; }
        finally { Console.CancelKeyPress -= handler; }
    }
}

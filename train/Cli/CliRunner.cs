using MmaGan.Shared.IO;

namespace MmaGan.Train.Cli;

/// <summary>Runs a command body and maps failures to one-line messages and exit codes (0 ok, 1 error, 2 bad input, 130 Ctrl-C).</summary>
public static class CliRunner
{
    public const int Ok = 0, Error = 1, BadInput = 2, Interrupted = 130;

    public static int Run(Func<int> body)
    {
        try { return body(); }
        catch (InputException e) { Console.Error.WriteLine("error: " + e.Message); return BadInput; }
        catch (OperationCanceledException) { Console.Error.WriteLine("interrupted"); return Interrupted; }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MMAGAN_DEBUG") != "1")
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message} (set MMAGAN_DEBUG=1 for the stack trace)");
            return Error;
        }
    }

    /// <summary>A token cancelled by Ctrl-C (SIGINT) or SIGTERM: the loop finishes its step, checkpoints and returns.</summary>
    public static CancellationTokenSource CancelOnSignals()
    {
        var cts = new CancellationTokenSource();
        void Handler(System.Runtime.InteropServices.PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            if (cts.IsCancellationRequested) Environment.Exit(Interrupted);
            Console.Error.WriteLine("stopping after this step (press Ctrl-C again to abort)…");
            cts.Cancel();
        }
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Handler);
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Handler);
        return cts;
    }
}

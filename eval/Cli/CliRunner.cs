using System.Runtime.InteropServices;
using System.Text.Json;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>Runs a command body and maps failures to one-line messages and exit codes (0 ok, 1 error, 2 bad input, 130 Ctrl-C).</summary>
public static class CliRunner
{
    public const int Ok = 0, Error = 1, BadInput = 2, Interrupted = 130;

    public static int Run(Func<CancellationToken, int> body)
    {
        using var cts = new CancellationTokenSource();
        void Handler(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            if (cts.IsCancellationRequested) Environment.Exit(Interrupted);
            cts.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler);
        try { return body(cts.Token); }
        catch (InputException e) { Console.Error.WriteLine("error: " + OneLine(e.Message)); return BadInput; }
        catch (OperationCanceledException) { Console.Error.WriteLine("interrupted"); return Interrupted; }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MMAGAN_DEBUG") != "1")
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)} (set MMAGAN_DEBUG=1 for the stack trace)");
            return Error;
        }
    }

    static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    /// <summary>Prints one JSON object as a single line (the last line of stdout for --json).</summary>
    public static void PrintJson(IReadOnlyDictionary<string, object?> values) =>
        Console.WriteLine(JsonSerializer.Serialize(values));

    /// <summary>Progress to stderr at most every ~2 s: "label: done/total (rate/s)".</summary>
    public static IProgress<int> StderrProgress(string label, int total)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return new SyncProgress(done =>
        {
            if (done < total && sw.Elapsed - last < TimeSpan.FromSeconds(2)) return;
            last = sw.Elapsed;
            Console.Error.WriteLine($"{label}: {done}/{total} ({done / Math.Max(sw.Elapsed.TotalSeconds, 1e-9):F1}/s)");
        });
    }

    sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Parses "LOW,HIGH" (e.g. "-1,1" or "[0,1]").</summary>
    public static (float, float)? ParseRange(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().TrimStart('[', '(').TrimEnd(']', ')').Split(',');
        if (parts.Length == 2
            && float.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lo)
            && float.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hi)
            && lo < hi)
            return (lo, hi);
        throw new InputException($"--output-range '{text}': expected LOW,HIGH with LOW < HIGH");
    }
}

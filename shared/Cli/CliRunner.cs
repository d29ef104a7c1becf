using System.Runtime.InteropServices;
using System.Text.Json;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Cli;

/// <summary>
/// Runs the body of a command-line action and maps its outcome to the exit codes every MmaGan tool uses:
/// <see cref="Ok"/> 0, <see cref="Error"/> 1 (unexpected failure), <see cref="BadInput"/> 2 (<see cref="InputException"/>, or a
/// path the OS refuses: permission denied, no such folder),
/// <see cref="Interrupted"/> 130 (Ctrl-C, SIGINT) and <see cref="Terminated"/> 143 (SIGTERM: a scheduler's or kill's stop), both seen
/// as <see cref="OperationCanceledException"/> — 128 + the signal's number, as a shell reports a process that signal ended.
/// Failures print one line, <c>error: &lt;message&gt;</c>, to stderr; with <c>MMAGAN_DEBUG=1</c> unexpected exceptions
/// propagate instead (the runtime prints the stack trace). Independent of any command-line parser. The one runner of
/// all three tools (mmagan-train and mmagan-bench import this namespace project-wide, see their .csproj).
/// </summary>
public static class CliRunner
{
    public const int Ok = 0, Error = 1, BadInput = 2, Interrupted = 130, Terminated = 143;

    /// <summary>Whether <paramref name="code"/> is the exit of a process stopped by Ctrl-C or SIGTERM.</summary>
    public static bool IsInterruption(int code) => code is Interrupted or Terminated;

    /// <summary>Environment variable that, set to 1, lets unexpected exceptions through with their stack trace.</summary>
    public const string DebugVariable = "MMAGAN_DEBUG";

    /// <summary>Runs <paramref name="body"/> with the exit-code mapping; no signal handling (see <see cref="CancelOnSignals"/>).</summary>
    public static int Run(Func<int> body)
    {
        ParentLink.DieWithParentIfLinked();
        try
        {
            try { return body(); }
            // Work in parallel (Parallel.For, Task.Wait) wraps its failures: judge the cause (a bad image file, a full disk), not the wrapper.
            catch (AggregateException e) when (Cause(e) is { } cause) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw(); throw; }
        }
        catch (InputException e) { Console.Error.WriteLine("error: " + OneLine(e.Message)); return BadInput; }
        // An unusable path that slipped past the commands' own checks (OutputPath): the OS's message names it; no type name.
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException or FileNotFoundException or PathTooLongException
                                  && Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            Console.Error.WriteLine("error: " + OneLine(e.Message));
            return BadInput;
        }
        // A full disk or quota: the file being written (not its temporary name) and the OS's reason; the user's to fix, so exit 2.
        catch (IOException e) when (IsDiskFull(e) && Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            Console.Error.WriteLine("error: " + DiskFullMessage(e));
            return BadInput;
        }
        // Other I/O failures (a device error): the OS's message, no .NET type name; not the user's input, so exit 1.
        catch (IOException e) when (Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            Console.Error.WriteLine("error: " + OneLine(e.Message));
            return Error;
        }
        catch (OperationCanceledException) { Console.Error.WriteLine("interrupted"); return Interrupted; }
        // A size no check caught (a count times a shape past what an array holds, or than memory has): bad input, one line.
        catch (Exception e) when (e is OverflowException or OutOfMemoryException && Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            Console.Error.WriteLine($"error: the sizes asked for are too large for this machine ({(e is OverflowException ? "a count or shape overflows" : "out of memory")}); ask for fewer samples, a smaller batch or smaller images");
            return BadInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)} (set {DebugVariable}=1 for the stack trace)");
            return Error;
        }
    }

    /// <summary>Runs <paramref name="body"/> with a token that the first Ctrl-C or SIGTERM cancels, printing
    /// <paramref name="cancelMessage"/> (if given) to stderr then; a second one exits at once. A cancelled body exits 130 after
    /// Ctrl-C, 143 after SIGTERM (<see cref="SignalCancellation.ExitCode"/>).</summary>
    public static int Run(Func<CancellationToken, int> body, string? cancelMessage = null)
    {
        using var cts = CancelOnSignals(cancelMessage);
        var code = Run(() => body(cts.Token));
        return code == Interrupted ? cts.ExitCode : code;
    }

    /// <summary>
    /// A token source cancelled by the first SIGINT (Ctrl-C) or SIGTERM instead of the process being killed, so that work can
    /// stop cleanly (e.g. finish a training step and checkpoint); <paramref name="message"/>, if given, goes to stderr then.
    /// A second signal ends the process at once with <see cref="Interrupted"/>, after printing <paramref name="abortMessage"/>'s
    /// line (e.g. which checkpoint is kept): through _exit(2), as a kill does — no managed shutdown, no finalizers or native
    /// destructors racing the work still running on other threads (that race was a SIGSEGV, or a libtorch "Invalid (backend,
    /// op) pair" exception, instead of exit 130). Files written atomically are never half-written by it. Disposing the source
    /// removes the signal handlers. Its <see cref="SignalCancellation.ExitCode"/> is the exit code the signal asks for: 130 after
    /// SIGINT, 143 after SIGTERM (the second signal's, when a second one ends the process).
    /// </summary>
    public static SignalCancellation CancelOnSignals(string? message = null, Func<string>? abortMessage = null) =>
        new(message, abortMessage);

    /// <summary>Ends the process now with <paramref name="code"/> (_exit: no managed shutdown), stderr and stdout flushed first.</summary>
    public static void ExitNow(int code)
    {
        try { Console.Error.Flush(); Console.Out.Flush(); } catch (IOException) { }
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) NativeExit(code);
        Environment.Exit(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    static extern void NativeExit(int status);

    /// <summary>The one failure an <see cref="AggregateException"/> stands for: its first input or I/O error, else its first
    /// non-cancellation exception; null when it holds only cancellations.</summary>
    static Exception? Cause(AggregateException e)
    {
        var inner = e.Flatten().InnerExceptions;
        return inner.FirstOrDefault(x => x is InputException) ?? inner.FirstOrDefault(x => x is IOException or UnauthorizedAccessException)
               ?? inner.FirstOrDefault(x => x is not OperationCanceledException) ?? inner.FirstOrDefault();
    }

    /// <summary>Whether <paramref name="e"/> is the OS saying the disk (or the user's quota) is full: ENOSPC, EDQUOT.</summary>
    public static bool IsDiskFull(Exception e) => e is IOException &&
        (e.HResult is 28 or 122 || e.Message.Contains("No space left on device", StringComparison.Ordinal) || e.Message.Contains("Disk quota exceeded", StringComparison.Ordinal));

    /// <summary>"PATH: no space left on device (nothing was written)": the target a temporary file stood for, and the reason.</summary>
    public static string DiskFullMessage(IOException e)
    {
        var m = System.Text.RegularExpressions.Regex.Match(OneLine(e.Message), @"^(?<reason>.*?)\s*:\s*'(?<path>[^']+)'\s*$");
        var reason = m.Success ? m.Groups["reason"].Value : OsReason(e);
        var file = m.Success ? TempFiles.TargetOf(m.Groups["path"].Value) : null;
        reason = reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : reason;
        return file != null ? $"{file}: {reason} (the partial file was removed)" : reason;
    }

    /// <summary>The OS's reason of an I/O failure without the path .NET appends (e.g. "No space left on device").</summary>
    public static string OsReason(Exception e)
    {
        var message = OneLine(e.Message);
        var colon = message.IndexOf(" : ", StringComparison.Ordinal);
        return colon > 0 ? message[..colon] : message;
    }

    /// <summary>Collapses a message to one line (for the one-line error contract); other control characters — a decoder quoting
    /// the NUL bytes of a truncated PNG — are named, not printed ("[32 control bytes]").</summary>
    public static string OneLine(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message.ReplaceLineEndings(" ").Replace('\t', ' '), @"\p{Cc}+",
            m => m.Length == 1 ? "[a control byte]" : $"[{m.Length} control bytes]").Trim();

    /// <summary>Prints one JSON object as a single line (for <c>--json</c>: it must be the last line of stdout).</summary>
    public static void PrintJson(IReadOnlyDictionary<string, object?> values) => Console.WriteLine(JsonSerializer.Serialize(values));

    /// <summary>Prints any serializable object (e.g. an anonymous one) as a single JSON line.</summary>
    public static void PrintJson(object value) => Console.WriteLine(JsonSerializer.Serialize(value));

    /// <summary>A token source cancelled by SIGINT or SIGTERM (<see cref="CancelOnSignals"/>), which remembers which came first.</summary>
    public sealed class SignalCancellation : CancellationTokenSource
    {
        readonly PosixSignalRegistration _sigint, _sigterm;
        readonly string? _message;
        readonly Func<string>? _abortMessage;
        int _exitCode = Interrupted;

        internal SignalCancellation(string? message, Func<string>? abortMessage)
        {
            _message = message;
            _abortMessage = abortMessage;
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        }

        /// <summary>The exit code of a process this source's signal stopped: <see cref="Terminated"/> (143) when the first signal was
        /// SIGTERM, else <see cref="Interrupted"/> (130; also when no signal came and the work was cancelled otherwise).</summary>
        public int ExitCode => Volatile.Read(ref _exitCode);

        static int CodeOf(PosixSignal signal) => signal == PosixSignal.SIGTERM ? Terminated : Interrupted;

        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            if (IsCancellationRequested)
            {
                string? line = null;
                try { line = _abortMessage?.Invoke(); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                Console.Error.WriteLine(line ?? "aborted");
                ExitNow(CodeOf(context.Signal));
            }
            Volatile.Write(ref _exitCode, CodeOf(context.Signal));
            if (_message != null) Console.Error.WriteLine(_message);
            try { Cancel(); }
            catch (ObjectDisposedException) { }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sigint.Dispose();
                _sigterm.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

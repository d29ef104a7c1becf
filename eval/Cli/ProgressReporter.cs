using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MmaGan.Eval.Cli;

/// <summary>How <see cref="ProgressReporter"/> shows progress.</summary>
public enum ProgressMode
{
    /// <summary>Nothing (stderr redirected: a failed run leaves only its one "error: …" line).</summary>
    Off,
    /// <summary>Plain stderr lines "label: done/total (pct%, rate unit/s, ETA h:mm:ss)" at most every 2 s, and at the end.</summary>
    Lines,
    /// <summary>A Spectre.Console bar on stderr: description, bar, percentage, remaining time, items/s.</summary>
    Bar,
}

/// <summary>
/// The one place the evaluator shows progress of long work (feature extraction, LPIPS, generation). Work reports the
/// number of items done so far through an <see cref="IProgress{T}"/> of long; progress always goes to stderr, so stdout
/// (and the <c>--json</c> object on its last line) is never touched. The mode is <see cref="ProgressMode.Bar"/> when stderr
/// is an interactive ANSI terminal, <see cref="ProgressMode.Lines"/> on a terminal without ANSI support, and
/// <see cref="ProgressMode.Off"/> when stderr is redirected; <c>MMAGAN_PROGRESS=bar|lines|off</c> overrides the choice
/// (e.g. <c>lines</c> for a log file).
/// </summary>
public sealed class ProgressReporter
{
    public const string ModeVariable = "MMAGAN_PROGRESS";
    static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);
    /// <summary>Redraw interval of the bar: slow enough that drawing takes no measurable share of two busy cores.</summary>
    static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Shows nothing.</summary>
    public static ProgressReporter None { get; } = new(ProgressMode.Off);

    public ProgressMode Mode { get; }

    public ProgressReporter(ProgressMode mode) => Mode = mode;

    /// <summary>The reporter for this process's console (see the class remarks for the choice of mode).</summary>
    public static ProgressReporter ForConsole() => new(DetectMode());

    static ProgressMode DetectMode()
    {
        switch (Environment.GetEnvironmentVariable(ModeVariable)?.Trim().ToLowerInvariant())
        {
            case "bar": return ProgressMode.Bar;
            case "lines": return ProgressMode.Lines;
            case "off" or "none" or "0": return ProgressMode.Off;
        }
        if (Console.IsErrorRedirected) return ProgressMode.Off;
        var caps = StderrConsole(forceAnsi: false).Profile.Capabilities;
        return caps.Interactive && caps.Ansi ? ProgressMode.Bar : ProgressMode.Lines;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> <paramref name="unit"/> are done;
    /// it receives null when progress is off.
    /// </summary>
    public T Track<T>(string description, long total, string unit, Func<IProgress<long>?, T> work)
    {
        switch (Mode)
        {
            case ProgressMode.Lines:
                return work(new LineProgress(description, total, unit));
            case ProgressMode.Bar:
                var display = StderrConsole(forceAnsi: Console.IsErrorRedirected).Progress().AutoClear(false);
                display.RefreshRate = BarRefresh;
                return display
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new RateColumn(unit))
                    .Start(context =>
                    {
                        var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
                        var result = work(new Callback(done => task.Value = done));
                        task.Value = task.MaxValue;
                        return result;
                    });
            default:
                return work(null);
        }
    }

    /// <summary><see cref="Track{T}"/> for work without a result.</summary>
    public void Track(string description, long total, string unit, Action<IProgress<long>?> work) =>
        Track(description, total, unit, p => { work(p); return 0; });

    /// <summary>A Spectre console writing to stderr (forced to ANSI and interactive for <c>MMAGAN_PROGRESS=bar</c> on a redirected stderr).</summary>
    static IAnsiConsole StderrConsole(bool forceAnsi) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = forceAnsi ? AnsiSupport.Yes : AnsiSupport.Detect,
        Interactive = forceAnsi ? InteractionSupport.Yes : InteractionSupport.Detect,
    });

    sealed class Callback(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>"label: done/total (pct%, rate unit/s, ETA h:mm:ss)" to stderr at most every <see cref="LineInterval"/> and when done.</summary>
    sealed class LineProgress(string label, long total, string unit) : IProgress<long>
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        TimeSpan _last = TimeSpan.Zero;

        public void Report(long done)
        {
            var now = _clock.Elapsed;
            if (done < total && now - _last < LineInterval) return;
            _last = now;
            var rate = done / Math.Max(now.TotalSeconds, 1e-9);
            var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Max(total - done, 0) / rate) : TimeSpan.Zero;
            var percent = total > 0 ? 100.0 * done / total : 100.0;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {done}/{total} ({percent:F0}%, {rate:F1} {unit}/s, ETA {eta:h\\:mm\\:ss})"));
        }
    }

    /// <summary>Items per second of a task ("123.4 images/s").</summary>
    sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:F1} {unit}/s") : "", Style.Plain);
    }
}

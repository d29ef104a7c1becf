using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MmaGan.Eval.Evaluation;

/// <summary>How <see cref="ProgressReporter"/> shows progress.</summary>
public enum ProgressMode
{
    /// <summary>Nothing (<c>MMAGAN_PROGRESS=off</c>).</summary>
    Off,
    /// <summary>Plain stderr lines "label: done/total unit (pct%, rate unit/s, ETA h:mm:ss)": one after the first batches (the first
    /// ETA), then at most every 2 s on a terminal or every 10 s when stderr is redirected (a log file), and at the end.</summary>
    Lines,
    /// <summary>A Spectre.Console bar on stderr: description, bar, percentage, remaining time, items/s.</summary>
    Bar,
}

/// <summary>
/// The one place the evaluator shows progress of long work (feature extraction, LPIPS, generation). Work reports the
/// number of items done so far through an <see cref="IProgress{T}"/> of long; progress always goes to stderr, so stdout
/// (and the <c>--json</c> object on its last line) is never touched. The mode is <see cref="ProgressMode.Bar"/> when stderr
/// is an interactive ANSI terminal, <see cref="ProgressMode.Lines"/> on a terminal without ANSI support, and
/// <see cref="ProgressMode.Lines"/> every 10 s when stderr is redirected (as the trainer does, so a batch job's log shows
/// how far it got); <c>MMAGAN_PROGRESS=bar|lines|off</c> overrides the choice. Before long work a <see cref="Plan"/> line
/// says what will run (items, model, device, threads).
/// </summary>
public sealed class ProgressReporter
{
    public const string ModeVariable = "MMAGAN_PROGRESS";
    static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);
    /// <summary>Line interval when stderr is redirected (a log file): often enough to follow, rarely enough to read.</summary>
    public static readonly TimeSpan RedirectedLineInterval = TimeSpan.FromSeconds(10);
    /// <summary>Redraw interval of the bar: slow enough that drawing takes no measurable share of two busy cores.</summary>
    static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Shows nothing.</summary>
    public static ProgressReporter None { get; } = new(ProgressMode.Off);

    public ProgressMode Mode { get; }

    readonly TimeSpan _lineInterval;

    public ProgressReporter(ProgressMode mode, TimeSpan? lineInterval = null) => (Mode, _lineInterval) = (mode, lineInterval ?? LineInterval);

    /// <summary>The reporter for this process's console (see the class remarks for the choice of mode).</summary>
    public static ProgressReporter ForConsole()
    {
        var mode = DetectMode();
        return new(mode, Console.IsErrorRedirected ? RedirectedLineInterval : LineInterval);
    }

    static ProgressMode DetectMode()
    {
        switch (Environment.GetEnvironmentVariable(ModeVariable)?.Trim().ToLowerInvariant())
        {
            case "bar": return ProgressMode.Bar;
            case "lines": return ProgressMode.Lines;
            case "off" or "none" or "0": return ProgressMode.Off;
        }
        if (Console.IsErrorRedirected) return ProgressMode.Lines;
        var caps = StderrConsole(forceAnsi: false).Profile.Capabilities;
        return caps.Interactive && caps.Ansi ? ProgressMode.Bar : ProgressMode.Lines;
    }

    string? _pendingPlan;

    /// <summary>
    /// One line to stderr saying what long work is about to run (unless progress is off). In line mode it is written with
    /// the first progress report, once the first batch has run, so input that fails at once still leaves one error line.
    /// </summary>
    public void Plan(string line)
    {
        if (Mode == ProgressMode.Bar) Console.Error.WriteLine("plan: " + line);
        else if (Mode == ProgressMode.Lines) _pendingPlan = "plan: " + line;
    }

    void FlushPlan()
    {
        if (Interlocked.Exchange(ref _pendingPlan, null) is { } plan) Console.Error.WriteLine(plan);
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
                return work(new LineProgress(description, total, unit, _lineInterval, FlushPlan));
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

    /// <summary>"label: done/total unit (pct%, rate unit/s, ETA h:mm:ss)" to stderr after the second report (the first batches give
    /// the first ETA), then at most every <paramref name="interval"/>, and when done.</summary>
    sealed class LineProgress(string label, long total, string unit, TimeSpan interval, Action beforeFirst) : IProgress<long>
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();
        TimeSpan _last = TimeSpan.Zero;
        int _reports;

        public void Report(long done)
        {
            var now = _clock.Elapsed;
            if (_reports == 0) beforeFirst();
            if (done < total && ++_reports != 2 && now - _last < interval) return;
            _last = now;
            var rate = done / Math.Max(now.TotalSeconds, 1e-9);
            var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Max(total - done, 0) / rate) : TimeSpan.Zero;
            var percent = total > 0 ? 100.0 * done / total : 100.0;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {done}/{total} {unit} ({percent:F0}%, {rate:F1} {unit}/s, ETA {eta:h\\:mm\\:ss})"));
        }
    }

    /// <summary>Items per second of a task ("123.4 images/s").</summary>
    sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:F1} {unit}/s") : "", Style.Plain);
    }
}

using System.Diagnostics;
using MmaGan.Train.Methods;
using MmaGan.Train.Training;
using Spectre.Console;

namespace MmaGan.Train.Cli;

/// <summary>
/// Shows training progress: a Spectre.Console progress bar (step, losses, ETA) on a terminal, or one line every few
/// seconds when output is redirected (logs, CI).
/// </summary>
public sealed class ProgressObserver : ITrainingObserver
{
    ProgressTask? _task;
    readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    readonly Stopwatch _clock = new();
    long _from, _total;
    readonly string _label;

    public ProgressObserver(string label) => _label = label;

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="body"/> under a live progress display when interactive.</summary>
    public T Run<T>(Func<T> body)
    {
        if (!Interactive) return body();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask(_label, autoStart: false);
                return body();
            });
    }

    public void Started(long fromStep, long totalSteps, string description)
    {
        _from = fromStep; _total = totalSteps;
        _clock.Start();
        var from = fromStep > 0 ? $", resuming at step {fromStep}" : "";
        Console.Error.WriteLine($"{_label}: {description}, {totalSteps:N0} steps{from}");
        if (_task is not null)
        {
            _task.MaxValue = totalSteps;
            _task.Value = fromStep;
            _task.StartTask();
        }
    }

    public void Stepped(long step, StepResult r)
    {
        var losses = $"D {r.LossD:F3} G {r.LossG:F3}" + (r.LossGDiv is { } d ? $" div {d:F3}" : "");
        if (_task is not null)
        {
            _task.Value = step;
            _task.Description = $"{_label} {step}/{_total} {losses}";
        }
        else if (_sinceLine.Elapsed.TotalSeconds >= 5 || step == _total)
        {
            _sinceLine.Restart();
            var rate = (step - _from) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            var eta = TimeSpan.FromSeconds((_total - step) / Math.Max(1e-9, rate));
            Console.Error.WriteLine($"{_label} step {step}/{_total} {losses} ({rate:F1} steps/s, ETA {eta:hh\\:mm\\:ss})");
        }
    }

    public void Note(string message) => Console.Error.WriteLine($"{_label}: {message}");
}

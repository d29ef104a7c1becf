using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Train.Comparison;

namespace MmaGan.Train.Cli;

/// <summary>
/// <c>mmagan-train compare RUN… [--out compare.png] [--csv] [--last 100]</c> (also <c>plot RUN RUN…</c>): the runs' table
/// (<see cref="RunComparison"/>) on stdout — as CSV with <c>--csv</c> — and their overlaid curves in one PNG
/// (<see cref="ComparisonPlot"/>). Every run is read and the output path checked before anything is written.
/// </summary>
public static class CompareCommand
{
    public const string Description = "compare runs: a table of settings that differ, losses and final metrics (4 significant digits) and their overlaid curves in one PNG";
    public const string DefaultOut = "compare.png";

    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN") { Description = "training run folders (config.json, losses.csv, metrics.csv)", Arity = ArgumentArity.OneOrMore };
        var (output, csv, last) = Options();
        var command = new Command("compare", Description) { runs, output, csv, last };
        command.SetAction(p => CliRunner.Run(() => Run(p.GetValue(runs)!, p.GetValue(output)!, p.GetValue(csv), p.GetValue(last))));
        return command;
    }

    /// <summary>The options compare and a several-run <c>plot</c> share.</summary>
    public static (Option<string> Out, Option<bool> Csv, Option<int> Last) Options() =>
    (
        new Option<string>("--out") { Description = "the overlaid curves PNG", DefaultValueFactory = _ => DefaultOut },
        new Option<bool>("--csv") { Description = "print the table as CSV (the same rounded cells) instead of a text table" },
        new Option<int>("--last") { Description = "losses are the mean of each run's last N logged steps", DefaultValueFactory = _ => RunComparison.DefaultLast }
    );

    public static int Run(IReadOnlyList<string> dirs, string outPng, bool csv, int last)
    {
        OutputPath.File(outPng, "--out");
        var runs = RunComparison.Read(dirs);
        var table = RunComparison.Table(runs, last);
        var plotted = ComparisonPlot.Write(outPng, runs);
        if (csv) Console.Write(RunComparison.Csv(table));
        else
        {
            Console.Write(RunComparison.Text(table));
            Console.WriteLine(table.Note);
        }
        var skipped = RunComparison.LossColumnsOf(runs).Concat(RunComparison.MetricColumns(runs)).Except(plotted).ToList();
        if (skipped.Count > 0) Console.Error.WriteLine($"not plotted (logged by one run only): {string.Join(", ", skipped)}");
        Console.Error.WriteLine($"curves ({string.Join(", ", plotted.Select(RunComparison.ColumnLabel))}) → {outPng}");
        return CliRunner.Ok;
    }
}

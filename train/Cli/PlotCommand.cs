using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Train.Plots;

namespace MmaGan.Train.Cli;

/// <summary><c>mmagan-train plot RUN</c>: RUN/plots/losses.png and, where logged, activations, critic, toy-metric and image-metric
/// plots (<see cref="RunPlots"/>; also written at the end of training). <c>plot RUN RUN…</c> compares the runs as
/// <c>compare</c> does (<see cref="CompareCommand"/>): the table and the overlaid curves in <c>--out</c>.</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var runDirs = new Argument<string[]>("RUN") { Description = "a training run folder (losses.csv, metrics.csv); several: compared as `compare` does", Arity = ArgumentArity.OneOrMore };
        var (output, csv, last) = CompareCommand.Options();
        output.Description = $"with several runs: the overlaid curves PNG (default {CompareCommand.DefaultOut})";
        csv.Description = "with several runs: print the table as CSV";
        last.Description = "with several runs: losses are the mean of each run's last N logged steps";
        var command = new Command("plot", "plot a run's losses (and activations, critic values, toy and image metrics) into RUN/plots/; several runs: compare them") { runDirs, output, csv, last };
        command.SetAction(p => CliRunner.Run(() =>
        {
            var dirs = p.GetValue(runDirs)!;
            if (dirs.Length > 1) return CompareCommand.Run(dirs, p.GetValue(output)!, p.GetValue(csv), p.GetValue(last));
            if (new Option[] { output, csv, last }.Where(o => p.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is { Count: > 0 } unused)
                Shared.Cli.Warnings.Once($"{string.Join(", ", unused)}: the comparison's options; one run is plotted into {Path.Combine(dirs[0], "plots")}/");
            if (!Directory.Exists(dirs[0])) throw InputException.ForFile(dirs[0], "no such run folder");
            foreach (var file in RunPlots.Write(dirs[0])) Console.WriteLine($"wrote {file}");
            return CliRunner.Ok;
        }));
        return command;
    }
}

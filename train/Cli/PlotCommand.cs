using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Train.Plots;

namespace MmaGan.Train.Cli;

/// <summary><c>mmagan-train plot RUN</c>: RUN/plots/losses.png and, where logged, activations, critic and toy-metric plots
/// (<see cref="RunPlots"/>; also written at the end of training).</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var runDir = new Argument<string>("RUN") { Description = "a training run folder (losses.csv, metrics.csv)" };
        var command = new Command("plot", "plot a run's losses (and activations, critic values, toy metrics) into RUN/plots/") { runDir };
        command.SetAction(p => CliRunner.Run(() =>
        {
            var dir = p.GetValue(runDir)!;
            if (!Directory.Exists(dir)) throw InputException.ForFile(dir, "no such run folder");
            foreach (var file in RunPlots.Write(dir)) Console.WriteLine($"wrote {file}");
            return CliRunner.Ok;
        }));
        return command;
    }
}

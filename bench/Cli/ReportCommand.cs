using System.CommandLine;
using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Cli;

/// <summary><c>mmagan-bench report DIR [--title T]</c>: rewrites summary.csv/.md, plots/ and report.md from DIR/results.csv
/// (e.g. after editing or while a sweep is still running: then it first collects the finished runs' result.json files).</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "results folder" };
        var title = new Option<string?>("--title") { Description = "summary title" };
        var command = new Command("report", "rebuild the summary, plots and report of a results folder from its finished runs") { dir, title };
        command.SetAction(p => CliRunner.Run(_ =>
        {
            if (!Directory.Exists(p.GetValue(dir)!)) throw Shared.IO.InputException.ForFile(p.GetValue(dir)!, "no such results folder");
            var outDir = Shared.IO.OutputPath.Folder(p.GetValue(dir)!, "report");
            var runs = Path.Combine(outDir, "runs");
            var results = Directory.Exists(runs)
                ? Directory.EnumerateDirectories(runs).Select(RunResult.TryLoad).Where(SweepRunner.IsFinished).Select(r => r!).ToList()
                : ResultsTable.Read(Path.Combine(outDir, ResultsTable.FileName));
            var config = Path.Combine(outDir, "config.json");
            var c = File.Exists(config) ? ExperimentConfig.Load(config) : null;
            SweepReport.Write(outDir, results, p.GetValue(title) ?? $"{c?.Name ?? "sweep"}: MMA-GAN vs DCGAN vs WGAN-GP", c?.Eval.FeatureNote);
            Console.WriteLine($"{results.Count} runs → {Path.Combine(outDir, "report.md")}");
            return CliRunner.Ok;
        }));
        return command;
    }
}

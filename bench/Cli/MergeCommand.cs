using System.CommandLine;
using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Cli;

/// <summary>
/// <c>mmagan-bench merge DIR… --out DIR [--title T]</c>: joins the results.csv of shard (or partial) outputs — a run present in several
/// keeps its first finished row — and writes the combined results.csv, summary and plots (loss curves and samples are read from the
/// run folders the rows point to).
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "results folders (each with results.csv)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "merged results folder", Required = true };
        var title = new Option<string?>("--title") { Description = "summary title" };
        var command = new Command("merge", "join shard outputs into one results.csv, summary and plots") { dirs, output, title };
        command.SetAction(p => CliRunner.Run(_ =>
        {
            var outDir = OutputPath.Folder(p.GetValue(output)!, "--out");
            var merged = Merge(p.GetValue(dirs)!.Select(d => Path.Combine(d, ResultsTable.FileName)).ToList());
            var firstConfig = p.GetValue(dirs)!.Select(d => Path.Combine(d, "config.json")).FirstOrDefault(File.Exists);
            string? note = null;
            var name = "merged sweep";
            if (firstConfig is not null)
            {
                var c = ExperimentConfig.Load(firstConfig);
                (name, note) = (c.Name, c.Eval.FeatureNote);
                Directory.CreateDirectory(outDir);
                if (Path.GetFullPath(firstConfig) != Path.Combine(outDir, "config.json")) File.Copy(firstConfig, Path.Combine(outDir, "config.json"), overwrite: true);
            }
            SweepReport.Write(outDir, merged, p.GetValue(title) ?? $"{name}: MMA-GAN vs DCGAN vs WGAN-GP", note);
            Console.WriteLine($"{merged.Count} runs from {p.GetValue(dirs)!.Length} folders → {Path.Combine(outDir, "report.md")}");
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>The union of several results.csv files by run_id, preferring a finished ("ok") row over others.</summary>
    public static List<RunResult> Merge(IReadOnlyList<string> resultFiles)
    {
        var byId = new Dictionary<string, RunResult>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var file in resultFiles)
        {
            if (!File.Exists(file)) throw InputException.ForFile(file, "no results.csv (not a mmagan-bench results folder?)");
            foreach (var r in ResultsTable.Read(file))
            {
                if (!byId.TryGetValue(r.RunId, out var existing)) { byId[r.RunId] = r; order.Add(r.RunId); }
                else if (!existing.Ok && r.Ok) byId[r.RunId] = r;
            }
        }
        return order.Select(id => byId[id]).ToList();
    }
}

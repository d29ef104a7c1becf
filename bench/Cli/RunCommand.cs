using System.CommandLine;
using System.Text.Json;
using MmaGan.Bench.Reports;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Cli;

/// <summary>
/// <c>mmagan-bench run CONFIG.json --out RESULTS_DIR [--shard i/n] [--methods a,b] [--d-sizes 0.25] [--jobs 2] [--dry-run]</c>: validates the config (before any
/// training), trains and evaluates every run not yet finished (of this shard), then writes results.csv, summary.csv/.md, plots/
/// and report.md over every finished run of the sweep in RESULTS_DIR (with --methods or --d-sizes, also those of the other methods that earlier
/// invocations left there). The first Ctrl-C or SIGTERM (e.g. a cluster scheduler's) cancels the sweep: running trainer and
/// evaluator processes are killed, finished runs are kept, and rerunning the same command resumes.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "experiment config (JSON, e.g. train/experiments/toy-smoke.json)" };
        var output = new Option<string>("--out") { Description = "results folder", Required = true };
        var shard = new Option<string>("--shard") { Description = "i/n: run only runs i, i+n, i+2n, … of the plan (0 ≤ i < n)", DefaultValueFactory = _ => "0/1" };
        var methods = new Option<string?>("--methods") { Description = "run only these methods of the config (comma-separated, e.g. dcgan,mma); the rest can follow later into the same --out" };
        var dSizes = new Option<string?>("--d-sizes") { Description = "run only these D sizes of the config's d_sizes (comma-separated, e.g. 0.25); the rest can follow later into the same --out" };
        var jobs = new Option<int>("--jobs") { Description = "runs in parallel", DefaultValueFactory = _ => 2 };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate and list the runs without training" };
        var json = new Option<bool>("--json") { Description = "print a JSON object (runs, finished, out) as the last line" };
        var command = new Command("run", "train and evaluate a sweep (resumable, shardable) and summarise it") { config, output, shard, methods, dSizes, jobs, dryRun, json };
        command.SetAction(p => CliRunner.Run(cancel =>
        {
            var path = p.GetValue(config)!;
            var outDir = Path.GetFullPath(p.GetValue(output)!);
            var tools = ToolLocator.Find();
            var experiment = ExperimentConfig.Load(path);
            experiment.Validate(path, tools.Root);
            var s = Shard.Parse(p.GetValue(shard)!);
            if (p.GetValue(jobs) < 1) throw new Shared.IO.InputException("--jobs must be at least 1");
            var sweep = RunPlanner.Plan(experiment, path);
            var all = p.GetValue(methods) is { } only ? RunPlanner.OfMethods(sweep, experiment, only) : sweep;
            if (p.GetValue(dSizes) is { } sizes) all = RunPlanner.OfDSizes(all, experiment, sizes);
            var plan = RunPlanner.Shard(all, s);
            ArgumentPreflight.Check(experiment, tools, path, outDir, plan, cancel);   // every run's trainer and evaluator flags, by their own parsers
            if (p.GetValue(dryRun))
            {
                Console.WriteLine($"{experiment.Name}: {all.Count} runs; shard {s.Index}/{s.Count} takes {plan.Count}:");
                foreach (var r in plan) Console.WriteLine("  " + r.RunId);
                return CliRunner.Ok;
            }
            Shared.IO.OutputPath.Folder(outDir, "--out");
            using var sweepLock = Shared.IO.FolderLock.Acquire(outDir, "sweep folder");   // one sweep process per folder: two would train the same runs
            tools.CheckLaunchers();
            File.Copy(Path.GetFullPath(path), Path.Combine(outDir, "config.json"), overwrite: true);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var runner = new SweepRunner(new ProcessBackend(experiment, tools, outDir), outDir, p.GetValue(jobs), experiment.Train.Steps);
            var results = runner.Run(plan, cancel);
            // The report covers every finished run of the sweep in this folder, so a run with --methods (or a shard, on Slurm, of
            // such a run) adds to what earlier invocations left there instead of replacing it.
            var reported = SweepRunner.Finished(outDir, sweep);
            var title = $"{experiment.Name}: MMA-GAN vs DCGAN vs WGAN-GP" + (s.Count > 1 ? $" (shard {s.Index}/{s.Count})" : "");
            SweepReport.Write(outDir, reported, title, experiment.Eval.FeatureNote);
            var others = reported.Count - results.Count;
            Console.WriteLine($"{results.Count}/{plan.Count} runs finished ({clock.Elapsed.TotalMinutes:F1} min this invocation)" +
                              (others > 0 ? $"; the report also holds {others} finished run{(others == 1 ? "" : "s")} of the sweep's other methods or shards" : "") +
                              $" → {Path.Combine(outDir, "report.md")}");
            var failed = plan.Where(r => !results.Any(f => f.RunId == r.RunId)).Select(r => r.RunId).ToList();
            if (p.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["runs"] = plan.Count, ["finished"] = results.Count, ["failed"] = failed.Count, ["seconds"] = clock.Elapsed.TotalSeconds, ["out"] = outDir }));
            if (failed.Count == 0) return CliRunner.Ok;
            // A sweep with failed runs is not a success: say which (their logs are in runs/RUN_ID/), exit 1; rerunning retries them.
            Console.Error.WriteLine($"error: {failed.Count} of {plan.Count} runs failed ({string.Join(", ", failed.Take(5))}{(failed.Count > 5 ? ", …" : "")}); see runs/RUN_ID/*.log, rerun to retry them");
            return CliRunner.Error;
        }, "interrupted: stopping the running processes; finished runs are kept — rerun the same command to resume"));
        return command;
    }
}

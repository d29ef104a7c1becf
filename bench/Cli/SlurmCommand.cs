using System.CommandLine;
using System.Text.Json;
using MmaGan.Bench.Cluster;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Cli;

/// <summary>
/// <c>mmagan-bench slurm CONFIG --out DIR --array-size N [--partition P] [--account A] [--time HH:MM:SS] [--cpus-per-task C]
/// [--gpus-per-task G] [--mem M] [--methods a,b] [--submit]</c>: validates the config, writes DIR/slurm/sweep.sbatch (a job array; task i runs
/// shard i/N into DIR/shards/i) and DIR/slurm/merge.sbatch (joins the shards into DIR), and with --submit submits both, the
/// merge with <c>--dependency=afterok:ARRAY_JOB</c>, printing the job ids. More tasks than runs: a warning, and N shrinks.
/// A config that trains or evaluates on CUDA asks for one GPU per task unless --gpus-per-task says otherwise.
/// </summary>
public static class SlurmCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "experiment config (JSON)" };
        var output = new Option<string>("--out") { Description = "results folder: shards in DIR/shards/i, scripts in DIR/slurm, merged results in DIR", Required = true };
        var arraySize = new Option<int>("--array-size") { Description = "array tasks N (each runs every N-th run of the sweep)", Required = true };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition" };
        var account = new Option<string?>("--account") { Description = "Slurm account" };
        var time = new Option<string?>("--time") { Description = "wall-clock limit per task, HH:MM:SS" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPUs per task (runs in parallel per task without GPUs)" };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "GPUs per task (default 1 when the config uses cuda, else none)" };
        var mem = new Option<string?>("--mem") { Description = "memory per task, e.g. 16G" };
        var methods = new Option<string?>("--methods") { Description = "shard only these methods of the config (comma-separated, e.g. dcgan,mma); the rest can follow later into the same --out" };
        var dSizes = new Option<string?>("--d-sizes") { Description = "shard only these D sizes of the config's d_sizes (comma-separated, e.g. 0.25); the rest can follow later into the same --out" };
        var submit = new Option<bool>("--submit") { Description = "submit both scripts with sbatch and print the job ids" };
        var json = new Option<bool>("--json") { Description = "print a JSON object (scripts, array_size, job ids) as the last line" };
        var command = new Command("slurm", "write (and submit) Slurm batch scripts running a sweep as a job array plus a merge job")
            { config, output, arraySize, partition, account, time, cpus, gpus, mem, methods, dSizes, submit, json };
        command.SetAction(p => CliRunner.Run(cancel =>
        {
            var path = Path.GetFullPath(p.GetValue(config)!);
            var outDir = OutputPath.Folder(p.GetValue(output)!, "--out", create: false);
            var tools = ToolLocator.Find();
            var experiment = ExperimentConfig.Load(path);
            experiment.Validate(path, tools.Root);
            var usesCuda = experiment.Train.Device.StartsWith("cuda", StringComparison.Ordinal) || experiment.Eval.Device.StartsWith("cuda", StringComparison.Ordinal);
            var settings = new SlurmJobSettings
            {
                ArraySize = p.GetValue(arraySize), Partition = p.GetValue(partition), Account = p.GetValue(account), Time = p.GetValue(time),
                CpusPerTask = p.GetValue(cpus), GpusPerTask = p.GetValue(gpus) ?? (usesCuda ? 1 : null), Mem = p.GetValue(mem),
            };
            settings.Check();
            var plan = RunPlanner.Plan(experiment, path);
            IReadOnlyList<string>? only = null;
            if (p.GetValue(methods) is { } list)
            {
                plan = RunPlanner.OfMethods(plan, experiment, list);
                only = plan.Select(r => r.Method).Distinct().ToList();
            }
            string? onlySizes = null;
            if (p.GetValue(dSizes) is { } sizes)
            {
                plan = RunPlanner.OfDSizes(plan, experiment, sizes);
                onlySizes = string.Join(',', plan.Select(r => r.DSize!.Value).Distinct().Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            var runs = plan.Count;
            if (settings.ArraySize > runs)
            {
                Console.Error.WriteLine($"warning: --array-size {settings.ArraySize} exceeds the {runs} runs of {p.GetValue(config)}: using {runs} tasks");
                settings = settings with { ArraySize = runs };
            }
            var submitter = p.GetValue(submit) ? SbatchSubmitter.Find() : null;
            if (submitter is not null) ArgumentPreflight.Check(experiment, tools, path, outDir, plan, cancel);   // before anything is queued

            var bench = Path.Combine(tools.Root, "bin", "mmagan-bench");
            var slurmDir = Path.Combine(outDir, "slurm");
            Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
            var sweep = Path.Combine(slurmDir, SbatchScripts.SweepFile);
            var merge = Path.Combine(slurmDir, SbatchScripts.MergeFile);
            AtomicFile.WriteAllText(sweep, SbatchScripts.Sweep(bench, path, outDir, experiment.Name, settings, only, onlySizes));
            AtomicFile.WriteAllText(merge, SbatchScripts.Merge(bench, outDir, experiment.Name, settings, ExistingShards(outDir)));
            Console.WriteLine($"{experiment.Name}: {runs} runs in {settings.ArraySize} array tasks → {sweep}, {merge}");
            var result = new Dictionary<string, object?> { ["sweep"] = sweep, ["merge"] = merge, ["array_size"] = settings.ArraySize, ["runs"] = runs };
            if (submitter is not null)
            {
                var arrayJob = submitter.Submit(sweep);
                var mergeJob = submitter.Submit(merge, afterOk: arrayJob);
                Console.WriteLine($"submitted array job {arrayJob} ({settings.ArraySize} tasks) and merge job {mergeJob} (runs after {arrayJob} succeeds)");
                (result["array_job"], result["merge_job"]) = (arrayJob, mergeJob);
            }
            else
                Console.WriteLine($"submit with: jid=$(sbatch --parsable {SbatchScripts.Q(sweep)}) && sbatch --dependency=afterok:$jid {SbatchScripts.Q(merge)}");
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>How many shard folders DIR/shards/0 … an earlier submission left (one past the highest number; 0 if none).</summary>
    static int ExistingShards(string outDir)
    {
        var shards = Path.Combine(outDir, "shards");
        if (!Directory.Exists(shards)) return 0;
        return Directory.GetDirectories(shards).Select(Path.GetFileName)
            .Select(n => int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i + 1 : 0)
            .DefaultIfEmpty(0).Max();
    }
}

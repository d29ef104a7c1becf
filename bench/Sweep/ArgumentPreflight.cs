using System.Text.Json;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// Before the first run of a sweep (and in <c>--dry-run</c>): every run's trainer and evaluator command line is checked by
/// the programs' own parsers (<c>mmagan-train check-args</c>, <c>mmagan-eval check-args</c>: the flags, the settings, the
/// models the evaluator would load), so that a bad <c>extra_args</c> or a missing model stops the sweep in one line instead
/// of failing every run. Two processes for the whole plan. Also refuses trainer flags in <c>extra_args</c> and variant
/// <c>args</c> that the sweep sets itself.
/// </summary>
public static class ArgumentPreflight
{
    /// <summary>Trainer flags each run's command line sets from the config (<see cref="TrainerArguments"/>).</summary>
    public static readonly string[] SetBySweep = ["--method", "--data", "--out", "--seed", "--resume", "--json", "--steps", "--epochs", "--k", "--lambda", "--tau", "--pack"];

    public static void Check(ExperimentConfig config, ToolLocator tools, string configPath, string outDir, IReadOnlyList<RunSpec> plan, CancellationToken cancel)
    {
        var problems = new List<string>();
        foreach (var (where, args) in new[] { ("train.extra_args", config.Train.ExtraArgs) }.Concat(config.Variants.Select((v, i) => ($"variants[{i}].args", v.Args))))
            foreach (var flag in args.Where(a => SetBySweep.Contains(a.Split('=')[0])))
                problems.Add($"{where}: {flag} is set by the sweep for each run; remove it");
        if (problems.Count > 0) throw InputException.ForFile(configPath, string.Join("; ", problems));
        if (plan.Count == 0) return;
        tools.CheckLaunchers();
        CheckEvalDevice(config.Eval.Device, tools, configPath, cancel);

        var assets = EvalAssets.ForPreflight(config, outDir, tools.Root);
        var train = plan.Select(r => TrainerArguments.For(config, r, SweepRunner.RunDir(outDir, r), tools.Root)).ToList();
        var eval = plan.SelectMany(r => EvaluatorArguments.For(config.Eval, assets, r, Path.Combine(SweepRunner.RunDir(outDir, r), "generator.onnx"),
            Path.Combine(SweepRunner.RunDir(outDir, r), "eval.csv")).Select(c => (Run: r, c.Args))).ToList();
        var failing = new HashSet<string>(StringComparer.Ordinal);
        Report(problems, failing, "trainer", tools.Train, train, i => plan[i].RunId, cancel);
        Report(problems, failing, "evaluator", tools.Eval, eval.Select(e => e.Args).ToList(), i => eval[i].Run.RunId, cancel);
        if (problems.Count > 0)
            throw InputException.ForFile(configPath, $"{failing.Count} of {plan.Count} runs would fail: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? "; …" : "")}");
    }

    /// <summary>A CUDA <c>eval.device</c> the evaluator cannot use here — its CPU build, or a missing CUDA library — stops the
    /// sweep in one line (<c>mmagan-eval doctor --device D --require</c>: the check every evaluator command makes).</summary>
    static void CheckEvalDevice(string device, ToolLocator tools, string configPath, CancellationToken cancel)
    {
        if (device.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return;
        var log = Path.Combine(Path.GetTempPath(), $"mmagan-eval-device-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        var outcome = ChildProcess.Run(tools.Eval, ["doctor", "--device", device, "--require"], log, cancel);
        File.Delete(log);
        if (outcome.ExitCode == 0) return;
        var line = outcome.ErrorLine;
        var prefix = $"--device {device}: ";
        var why = line.IndexOf(prefix, StringComparison.Ordinal) is var at and >= 0 ? line[(at + prefix.Length)..] : line;
        throw InputException.ForFile(configPath, $"eval.device {device}: {why}");
    }

    /// <summary>Runs <c>PROGRAM check-args</c> over <paramref name="lists"/>; adds "RUN_ID: program: problem" for each failing one
    /// (distinct problems only: the same bad flag in every run is said once).</summary>
    static void Report(List<string> problems, HashSet<string> failing, string program, string exe, List<List<string>> lists, Func<int, string> runId, CancellationToken cancel)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mmagan-check-args-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(lists));
            var log = Path.Combine(Path.GetTempPath(), $"mmagan-check-args-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
            var outcome = ChildProcess.Run(exe, [Shared.Cli.ArgumentCheck.CommandName, file], log, cancel);
            File.Delete(log);
            var result = outcome.LastLine.StartsWith('{')
                ? JsonSerializer.Deserialize<Shared.Cli.ArgumentCheckResult>(outcome.LastLine, Shared.Cli.ArgumentCheck.Json)
                : null;
            if (result is null) throw new InvalidOperationException($"{program} check-args gave no result: {outcome.ErrorLine}");
            failing.UnionWith(result.Problems.Select(p => runId(p.Index)));
            foreach (var g in result.Problems.GroupBy(p => p.Message))
                problems.Add($"{runId(g.First().Index)}{(g.Count() > 1 ? $" and {g.Count() - 1} more" : "")}: {program}: {g.Key}");
        }
        finally { File.Delete(file); }
    }
}

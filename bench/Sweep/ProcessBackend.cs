using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// Runs each run as two kinds of child processes: <c>bin/mmagan-train</c> (TorchSharp; writes the run folder and
/// generator.onnx) and <c>bin/mmagan-eval</c> (ONNX Runtime; one process per metric, <c>--json</c> last line parsed).
/// Feature models (when the config builds them) and reference statistics are made once per results folder under
/// OUT/models and OUT/reference. A run folder whose training finished (train.json + generator.onnx) is only re-evaluated;
/// any other leftover folder is an interrupted run and is deleted and retrained.
/// </summary>
public sealed partial class ProcessBackend(ExperimentConfig config, ToolLocator tools, string outDir) : IRunBackend
{
    readonly Dictionary<string, string> _referenceStats = new();
    string? _inception;
    string? _lpips;
    bool? _evalHasToy;

    string R(string path) => ExperimentConfig.Resolve(path, tools.Root);

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Prepare(IReadOnlyList<RunSpec> runs, CancellationToken cancel)
    {
        var eval = config.Eval;
        var models = Path.Combine(outDir, "models");
        _inception = eval.Inception is { } i ? R(i) : null;
        _lpips = eval.Lpips is { } l ? R(l) : null;
        if (eval.BuildModels?.FidWeights is { } w && NeedsInception)
        {
            _inception = Path.Combine(models, "fid-inception.onnx");
            if (!File.Exists(_inception))
                Check(ChildProcess.Run(tools.Eval, ["models", "build-fid", "--weights", R(w), "--out", _inception],
                    Path.Combine(models, "build-fid.log"), cancel), "building the FID Inception model");
        }
        if (eval.BuildModels is { LpipsTrunk: { } trunk, LpipsLin: { } lin } && eval.Metrics.Contains("lpips"))
        {
            _lpips = Path.Combine(models, "lpips.onnx");
            if (!File.Exists(_lpips))
                Check(ChildProcess.Run(tools.Eval, ["models", "build-lpips", "--trunk", R(trunk), "--lin", R(lin), "--out", _lpips],
                    Path.Combine(models, "build-lpips.log"), cancel), "building the LPIPS model");
        }
        if (eval.Metrics.Contains("fid"))
            foreach (var dataset in runs.Select(r => r.Dataset).Distinct())
            {
                if (eval.ReferenceStats is { } given) { _referenceStats[dataset] = R(given); continue; }
                var stats = Path.Combine(outDir, "reference", $"{dataset.Split(':')[0]}.npz");
                if (!File.Exists(stats))
                {
                    var args = new List<string> { "stats", R(ExperimentConfig.DatasetPath(dataset)!), "--out", stats, "--device", eval.Device };
                    if (_inception is not null) args.AddRange(["--inception", _inception]);
                    if (eval.ReferenceSamples is { } n) args.AddRange(["--n", n.ToString(CultureInfo.InvariantCulture)]);
                    Check(ChildProcess.Run(tools.Eval, args, Path.Combine(outDir, "reference", "stats.log"), cancel), "computing reference statistics");
                }
                _referenceStats[dataset] = stats;
            }
    }

    bool NeedsInception => config.Eval.Metrics.Contains("fid") || config.Eval.Metrics.Contains("is");

    static void Check(ProcessOutcome outcome, string what)
    {
        if (outcome.ExitCode != 0) throw new InvalidOperationException($"{what} failed: {outcome.ErrorLine}");
    }

    sealed record TrainRecord(double Seconds, long? Steps);

    public RunResult Execute(RunSpec run, string runDir, CancellationToken cancel)
    {
        var result = RunResult.For(run, runDir);
        var trainRecordPath = Path.Combine(runDir, "train.json");
        var onnx = Path.Combine(runDir, "generator.onnx");
        TrainRecord? train = null;
        if (File.Exists(trainRecordPath) && File.Exists(onnx))
            train = JsonSerializer.Deserialize<TrainRecord>(File.ReadAllText(trainRecordPath));
        if (train is null)
        {
            if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true);
            Directory.CreateDirectory(runDir);
            var outcome = ChildProcess.Run(tools.Train, TrainArgs(run, runDir), Path.Combine(runDir, "train.log"), cancel);
            if (outcome.ExitCode == 2) throw new InputException($"{run.RunId}: the trainer rejected the settings: {outcome.ErrorLine}");
            if (outcome.ExitCode == 130) throw new OperationCanceledException();
            if (outcome.ExitCode != 0 || !File.Exists(onnx))
            {
                var diverged = outcome.ErrorLine.Contains("non-finite", StringComparison.OrdinalIgnoreCase);
                return result with { Status = diverged ? "diverged" : "failed", Error = outcome.ErrorLine, TrainSeconds = outcome.Seconds };
            }
            var steps = TrainedSteps().Match(outcome.Stdout) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : config.Train.Steps;
            train = new TrainRecord(outcome.Seconds, steps);
            AtomicFile.WriteAllText(trainRecordPath, JsonSerializer.Serialize(train));
        }
        result = result with { TrainSeconds = train.Seconds, Steps = train.Steps };

        var evalSeconds = 0.0;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var remaining = config.Eval.Metrics.ToList();
        if (remaining.Contains("fid") && remaining.Contains("is"))
        {
            // One pass of the evaluator's `run`: the same samples give pool3 (FID), logits (IS) and LPIPS pairs.
            var args = new List<string> { "run", "--generator", onnx, "--n", config.Eval.Samples.ToString(CultureInfo.InvariantCulture),
                "--reference", _referenceStats[run.Dataset], "--out", Path.Combine(runDir, "eval.csv"), "--device", config.Eval.Device, "--json" };
            if (_inception is not null) args.AddRange(["--inception", _inception]);
            if (_lpips is not null) args.AddRange(["--lpips", _lpips]);
            var outcome = ChildProcess.Run(tools.Eval, args, Path.Combine(runDir, "eval-run.log"), cancel);
            evalSeconds += outcome.Seconds;
            if (outcome.ExitCode != 0)
                return result with { Status = "failed", Error = $"eval run: {outcome.ErrorLine}", EvalSeconds = evalSeconds, Metrics = metrics };
            var wanted = new HashSet<string> { "fid", "is_mean", "is_std" };
            if (remaining.Contains("lpips")) wanted.UnionWith(["lpips_diversity", "pairs"]);
            foreach (var (k, v) in ParseJsonMetrics(outcome.LastLine)) if (wanted.Contains(k)) metrics[k] = v;
            remaining.RemoveAll(m => m is "fid" or "is" or "lpips");
        }
        foreach (var metric in remaining)
        {
            if (metric == "toy" && !EvalHasToy(cancel))
            {
                // Fallback while the evaluator lacks `toy`: the trainer's own final-step metrics (same definitions, 2,500 samples).
                foreach (var (k, v) in FinalTrainerToyMetrics(runDir)) metrics[k] = v;
                continue;
            }
            var outcome = ChildProcess.Run(tools.Eval, EvalArgs(metric, run, onnx), Path.Combine(runDir, $"eval-{metric}.log"), cancel);
            evalSeconds += outcome.Seconds;
            if (outcome.ExitCode != 0)
                return result with { Status = "failed", Error = $"eval {metric}: {outcome.ErrorLine}", EvalSeconds = evalSeconds, Metrics = metrics };
            foreach (var (k, v) in ParseJsonMetrics(outcome.LastLine)) metrics[k] = v;
        }
        return result with { EvalSeconds = evalSeconds, Metrics = metrics };
    }

    [GeneratedRegex(@"trained (\d+) steps")]
    private static partial Regex TrainedSteps();

    /// <summary>Whether the evaluator's command list (its --help) has a <c>toy</c> subcommand.</summary>
    bool EvalHasToy(CancellationToken cancel)
    {
        lock (_referenceStats)
            return _evalHasToy ??= ToyCommandListed().IsMatch(
                ChildProcess.Run(tools.Eval, ["--help"], Path.Combine(outDir, "logs", "eval-help.log"), cancel).Stdout);
    }

    [GeneratedRegex(@"^\s+toy\b", RegexOptions.Multiline)]
    private static partial Regex ToyCommandListed();

    List<string> TrainArgs(RunSpec run, string runDir)
    {
        var t = config.Train;
        var data = ExperimentConfig.IsToy(run.Dataset) ? run.Dataset : $"{run.Dataset.Split(':')[0]}:{R(ExperimentConfig.DatasetPath(run.Dataset)!)}";
        var pack = ExperimentConfig.PackOf(run.Method); // PacGAN-m = the standard GAN with D on packs of m samples
        var args = new List<string> { "--method", pack is null ? run.Method : "dcgan", "--data", data, "--out", runDir, "--seed", run.Seed.ToString(CultureInfo.InvariantCulture),
            "--threads", t.Threads.ToString(CultureInfo.InvariantCulture), "--batch", t.Batch.ToString(CultureInfo.InvariantCulture),
            "--device", t.Device, "--keep-checkpoints", "1" };
        if (pack is { } m) args.AddRange(["--pack", m.ToString(CultureInfo.InvariantCulture)]);
        if (t.Steps is { } s) args.AddRange(["--steps", s.ToString(CultureInfo.InvariantCulture)]);
        else args.AddRange(["--epochs", F(t.Epochs!.Value)]);
        if (run.Method == "mma")
            args.AddRange(["--k", run.K!.Value.ToString(CultureInfo.InvariantCulture), "--lambda", F(run.Lambda!.Value), "--tau", F(run.Tau!.Value),
                "--div-batch", t.DivBatch.ToString(CultureInfo.InvariantCulture)]);
        void Opt(string flag, int? v) { if (v is { } x) args.AddRange([flag, x.ToString(CultureInfo.InvariantCulture)]); }
        Opt("--image-size", t.ImageSize);
        Opt("--base-width", t.BaseWidth);
        Opt("--sample-every", t.SampleEvery);
        Opt("--metrics-every", t.MetricsEvery);
        Opt("--checkpoint-every", t.CheckpointEvery);
        args.AddRange(t.ExtraArgs);
        return args;
    }

    List<string> EvalArgs(string metric, RunSpec run, string onnx)
    {
        var e = config.Eval;
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var args = metric switch
        {
            "toy" => new List<string> { "toy", onnx, "--data", run.Dataset, "--n", I(e.ToySamples) },
            "fid" => ["fid", onnx, _referenceStats[run.Dataset], "--n", I(e.Samples), "--device", e.Device],
            "is" => ["is", onnx, "--n", I(e.Samples), "--splits", I(e.IsSplits), "--device", e.Device],
            "lpips" => ["lpips", onnx, "--n-pairs", I(e.LpipsPairs), "--n", I(2 * e.LpipsPairs), "--device", e.Device],
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
        if (metric is "fid" or "is" && _inception is not null) args.AddRange(["--inception", _inception]);
        if (metric is "lpips" && _lpips is not null) args.AddRange(["--lpips", _lpips]);
        args.Add("--json");
        return args;
    }

    /// <summary>The numeric fields of a one-line JSON object (the evaluator's --json output).</summary>
    public static Dictionary<string, double> ParseJsonMetrics(string line)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"evaluator output is not a JSON object: {line}");
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) values[p.Name] = p.Value.GetDouble();
                else if (p.Value.ValueKind == JsonValueKind.String && double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    values[p.Name] = d; // "NaN" / "Infinity"
        }
        catch (JsonException) { throw new InvalidOperationException($"evaluator output's last line is not JSON: {line}"); }
        return values;
    }

    /// <summary>The last row of the trainer's metrics.csv (toy metrics at the final step).</summary>
    public static Dictionary<string, double> FinalTrainerToyMetrics(string runDir)
    {
        var path = Path.Combine(runDir, "metrics.csv");
        if (!File.Exists(path)) throw new InvalidOperationException($"{path}: missing (no evaluator 'toy' command to fall back from)");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var last = lines[^1].Split(',');
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 1; i < header.Length && i < last.Length; i++)
            values[header[i]] = double.Parse(last[i], CultureInfo.InvariantCulture);
        return values;
    }
}

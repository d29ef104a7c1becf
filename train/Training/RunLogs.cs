using MmaGan.Shared.Toy;
using MmaGan.Train.Config;
using MmaGan.Train.Methods;
using MmaGan.Shared.Runs;

namespace MmaGan.Train.Training;

/// <summary>
/// A run's CSV logs: <c>losses.csv</c> (<c>step,epoch,loss_d,loss_g</c>, plus <c>loss_g_div,a_1..a_K</c> for MMA-GAN and
/// <c>wasserstein_estimate,gradient_penalty</c> for WGAN-GP) and <c>metrics.csv</c>: the 2-D toys' metrics, or the image
/// metrics of <c>--eval-every</c>. On resume both are
/// cut back to the checkpoint's step, so rows after it (written before a kill) are replaced.
/// </summary>
public sealed class RunLogs : IDisposable
{
    readonly CsvLog _losses;
    readonly CsvLog? _metrics;
    readonly bool _mma;

    RunLogs(CsvLog losses, CsvLog? metrics, bool mma) => (_losses, _metrics, _mma) = (losses, metrics, mma);

    /// <param name="evalColumns">The image metrics' columns of <c>--eval-every</c> (<see cref="Evaluation.TrainingEvaluator.Columns"/>;
    /// image data only, so metrics.csv holds either the toys' metrics or these).</param>
    public static RunLogs Open(string runDir, TrainConfig config, bool toy, long? resumedFrom, IReadOnlyList<string>? evalColumns = null)
    {
        var mma = config.Method == GanMethod.Mma;
        var header = new List<string> { "step", "epoch", "loss_d", "loss_g" };
        if (mma) header.AddRange(["loss_g_div", .. Enumerable.Range(1, config.Heads).Select(k => $"a_{k}")]);
        if (config.Method == GanMethod.WganGp) header.AddRange(["wasserstein_estimate", "gradient_penalty"]);
        var losses = new CsvLog(LossLogFile.PathOf(runDir), header, resumedFrom);
        var metrics = toy ? new CsvLog(Path.Combine(runDir, "metrics.csv"),
                ["step", "modes_covered_hq", "modes_covered_1pct", "hq_fraction", "reverse_kl"], resumedFrom)
            : evalColumns is { Count: > 0 } ? new CsvLog(Path.Combine(runDir, "metrics.csv"), ["step", .. evalColumns], resumedFrom) : null;
        return new RunLogs(losses, metrics, mma);
    }

    public void AppendLosses(long step, long epoch, StepResult result)
    {
        var row = new List<double> { epoch, result.LossD, result.LossG };
        if (_mma) { row.Add(result.LossGDiv ?? 0); row.AddRange(result.Activations ?? []); }
        if (result.Critic is { } critic) { row.Add(critic.Wasserstein); row.Add(critic.Penalty); }
        _losses.Append(step, row);
    }

    public void AppendToyMetrics(long step, ToyMetricsResult m) =>
        _metrics!.Append(step, [m.ModesCoveredHq, m.ModesCovered1pct, m.HqFraction, m.ReverseKl]);

    /// <summary>One row of the image metrics of <c>--eval-every</c>, flushed at once (an evaluation is minutes of work).</summary>
    public void AppendEvalMetrics(long step, IEnumerable<double> values)
    {
        _metrics!.Append(step, values);
        _metrics.Flush();
    }

    /// <summary>The last step metrics.csv holds a row of (0: none; after a resume, rows beyond the checkpoint are already cut).</summary>
    public long LastMetricsStep => _metrics?.LastStep ?? 0;

    public void Flush() { _losses.Flush(); _metrics?.Flush(); }

    public void Dispose() { _losses.Dispose(); _metrics?.Dispose(); }
}

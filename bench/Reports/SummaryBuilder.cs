using MmaGan.Bench.Stats;
using MmaGan.Bench.Sweep;

namespace MmaGan.Bench.Reports;

/// <summary>Groups results by configuration and computes <see cref="SummaryRow"/>s (only runs with status "ok" count).</summary>
public static class SummaryBuilder
{
    public static List<SummaryRow> Build(IReadOnlyList<RunResult> results, int resamples = Bootstrap.DefaultResamples, int seed = Bootstrap.DefaultSeed)
    {
        var metrics = ResultsTable.MetricColumns(results).Where(m => !MetricInfo.IsBookkeeping(m)).ToList();
        var rows = new List<SummaryRow>();
        foreach (var dataset in results.Select(r => r.Dataset).Distinct())
        {
            var inDataset = results.Where(r => r.Dataset == dataset).ToList();
            var baseline = inDataset.Where(r => r.Method == "dcgan" && r.Ok).ToList();
            foreach (var config in inDataset.GroupBy(r => r.ConfigId).OrderBy(g => MethodOrder(g.First().Method))
                         .ThenBy(g => g.First().K).ThenBy(g => g.First().Lambda).ThenBy(g => g.First().Tau))
            {
                var first = config.First();
                var ok = config.Where(r => r.Ok).ToList();
                foreach (var metric in metrics)
                {
                    var values = Values(ok, metric);
                    var ci = Bootstrap.Mean(values, 0.95, resamples, seed);
                    ConfidenceInterval diff = new(double.NaN, double.NaN, double.NaN);
                    MannWhitneyResult mw = new(double.NaN, double.NaN, "");
                    var baseValues = Values(baseline, metric);
                    if ((first.Method == "mma" || first.Spec.IsVariant) && baseValues.Count > 0 && values.Count > 0)
                    {
                        diff = Bootstrap.MeanDifference(values, baseValues, 0.95, resamples, seed);
                        mw = MannWhitney.Test(values, baseValues);
                    }
                    rows.Add(new SummaryRow(dataset, config.Key, first.Method, first.K, first.Lambda, first.Tau, first.Spec.Label, metric,
                        config.Count(), values.Count, ci.Estimate, ci.Low, ci.High, diff.Estimate, diff.Low, diff.High, mw.PValue, mw.Method));
                }
            }
        }
        return rows;
    }

    static List<double> Values(IEnumerable<RunResult> runs, string metric) =>
        runs.Select(r => r.Metrics.TryGetValue(metric, out var v) ? v : double.NaN).Where(double.IsFinite).ToList();

    public static int MethodOrder(string method) => method switch
    {
        "dcgan" => 0, "wgan-gp" => 2, "mma" => 3,
        _ when ExperimentConfig.PackOf(method) is not null => 1, // PacGAN-m beside the GAN it packs
        _ => 4,
    };
}

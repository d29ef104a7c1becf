using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval kid A B [--kid-subsets 100] [--kid-subset-size 1000] [--kid-degree 3] [--kid-gamma G] [--kid-coef0 1] [--kid-seed 2020] --json</c>:
/// Kernel Inception Distance of generated A against reference B as torch-fidelity computes it (A = its input1).
/// </summary>
public static class KidCommand
{
    public static Command Create() => TwoSourceCommand.Create("kid", "Kernel Inception Distance of generated A against reference B (torch-fidelity's kid_features_to_metric)",
        TwoSourceCommand.AnyGeneratedSide,
        "reference side: the same kinds as A (e.g. cifar10-train)",
        new SampleMetricOptions(latentSeedAlias: true), (results, json) =>
        {
            var r = results.Detail<KidResult>("kid");
            var kid = results["kid"];
            Console.WriteLine($"KID: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} ± {r.Std.ToString("R", CultureInfo.InvariantCulture)} ({kid["kid_subsets"]} subsets of {kid["kid_subset_size"]}){FeatureLabels.Space(results)}");
            if (json) ResultJson.Print(results);
            return CliRunner.Ok;
        });
}

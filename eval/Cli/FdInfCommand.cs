using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval fd-inf A B [--fd-inf-points 15] [--fd-inf-min-n 5000] [--fd-inf-seed 0] --json</c>: FD∞ of generated A
/// against reference B (FID_IS_infinity's procedure); B may be a stats .npz.
/// </summary>
public static class FdInfCommand
{
    public static Command Create() => TwoSourceCommand.Create("fd-inf", "FD∞ of generated A against reference B: FID extrapolated to infinitely many samples (Chong & Forsyth 2020)",
        TwoSourceCommand.AnyGeneratedSide,
        "reference side: stats .npz, named reference (cifar10-train, …), dataset, features .npy or generator .onnx",
        new SampleMetricOptions(latentSeedAlias: true), (results, json) =>
        {
            var r = results.Detail<FdInfResult>("fd-inf");
            foreach (var pt in r.Points) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FID at N={pt.N}: {pt.Fid:R}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FD∞: {r.FdInf:R} (slope {r.Slope:R} per 1/N){FeatureLabels.Space(results)}"));
            if (json)
                ResultJson.Print(results, ("fid_at_n", r.Points.Select(pt => new Dictionary<string, object> { ["n"] = pt.N, ["fid"] = pt.Fid }).ToArray()));
            return CliRunner.Ok;
        });
}

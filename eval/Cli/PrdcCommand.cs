using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval prdc REAL FAKE [--k 5] --json</c>: precision, recall, density and coverage (clovaai prdc).</summary>
public static class PrdcCommand
{
    public static Command Create()
    {
        var real = new Argument<string>("REAL") { Description = "real side: named reference (cifar10-train, …), image folder, CIFAR-10 .bin, MNIST IDX, features .npy or generator .onnx" };
        var fake = new Argument<string>("FAKE") { Description = "generated side: the same kinds as REAL" };
        var k = new Option<int>("--k") { Description = "nearest neighbour defining each sample's radius", DefaultValueFactory = _ => PrecisionRecallDensityCoverage.DefaultK };
        var options = new SampleMetricOptions();
        var json = EvalOptions.Json();
        var command = new Command("prdc", "precision, recall, density and coverage (Naeem et al. 2020, clovaai prdc)");
        command.Arguments.Add(real);
        command.Arguments.Add(fake);
        command.AddOptions([k, .. options.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            using var ctx = options.Read(p);
            var kk = p.GetValue(k);
            if (kk < 1) throw new InputException($"--k must be at least 1, got {kk}");
            var (pathR, pathF) = (p.GetValue(real)!, p.GetValue(fake)!);
            var (fr, ff) = ctx.Pair(pathR, pathF, ct);
            var r = Compute(pathR, fr, pathF, ff, kk, ctx.Progress, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"precision {r.Precision:R}  recall {r.Recall:R}  density {r.Density:R}  coverage {r.Coverage:R}  (k={kk}, {fr.Rows} real, {ff.Rows} fake)"));
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?> { ["precision"] = r.Precision, ["recall"] = r.Recall, ["density"] = r.Density, ["coverage"] = r.Coverage });
            return CliRunner.Ok;
        }));
        return command;
    }

    public static PrdcResult Compute(string nameReal, FeatureMatrix real, string nameFake, FeatureMatrix fake, int k, ProgressReporter progress, CancellationToken ct)
    {
        if (k >= real.Rows || k >= fake.Rows)
            throw new InputException($"--k {k} needs more than {k} samples on each side ({nameReal}: {real.Rows}, {nameFake}: {fake.Rows})");
        try
        {
            return progress.Track("PRDC distances", PrecisionRecallDensityCoverage.Work(real, fake), "pairs",
                pr => PrecisionRecallDensityCoverage.Compute(real, fake, k, ct, pr));
        }
        catch (ArgumentException e) { throw new InputException($"prdc: {e.Message}"); }
    }
}

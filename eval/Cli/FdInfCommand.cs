using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval fd-inf A B [--points 15] [--min-n 5000] [--seed S] --json</c>: FD∞ of generated A against reference B
/// (FID_IS_infinity's procedure); B may be a stats .npz.
/// </summary>
public static class FdInfCommand
{
    public const int DefaultSeed = 0;

    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "generated side: generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy" };
        var b = new Argument<string>("B") { Description = "reference side: stats .npz, named reference (cifar10-train, …), dataset, features .npy or generator .onnx" };
        var points = new Option<int>("--points") { Description = "number of sample sizes N to evaluate FID at", DefaultValueFactory = _ => FrechetDistanceInfinity.DefaultPoints };
        var minN = new Option<int>("--min-n") { Description = "smallest N (must be below the number of generated samples)", DefaultValueFactory = _ => FrechetDistanceInfinity.DefaultMinN };
        var seed = new Option<long>("--seed") { Description = "shuffle seed (as np.random.seed)", DefaultValueFactory = _ => DefaultSeed };
        var options = new SampleMetricOptions(ownSeed: true);
        var json = EvalOptions.Json();
        var command = new Command("fd-inf", "FD∞: FID extrapolated to infinitely many samples (Chong & Forsyth 2020)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([points, minN, seed, .. options.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            using var ctx = options.Read(p);
            var (pathA, pathB) = (p.GetValue(a)!, p.GetValue(b)!);
            var (pts, min) = (p.GetValue(points), p.GetValue(minN));
            if (pts < 2) throw new InputException($"--points must be at least 2, got {pts}");
            if (min < 2) throw new InputException($"--min-n must be at least 2, got {min}");
            var fake = ctx.Features(pathA, ct);
            var real = ctx.Stats(pathB, ct);
            var r = Compute(pathA, fake, pathB, real.Mu, real.Sigma, pts, min, KidCommand.SeedOf(p.GetValue(seed)), ctx.Progress, ct);
            foreach (var pt in r.Points) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FID at N={pt.N}: {pt.Fid:R}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FD∞: {r.FdInf:R} (slope {r.Slope:R} per 1/N)"));
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["fd_inf"] = r.FdInf,
                    ["fid_at_n"] = r.Points.Select(pt => new Dictionary<string, object> { ["n"] = pt.N, ["fid"] = pt.Fid }).ToArray(),
                });
            return CliRunner.Ok;
        }));
        return command;
    }

    public static FdInfResult Compute(string nameA, FeatureMatrix fake, string nameB, double[] mu, double[] sigma, int points, int minN, uint seed,
        ProgressReporter progress, CancellationToken ct)
    {
        if (mu.Length != fake.Cols) throw new InputException($"{nameA}: {fake.Cols}-d features cannot be compared with {nameB}: {mu.Length}-d statistics");
        if (fake.Rows <= minN) throw new InputException($"--min-n {minN} must be smaller than the number of generated samples ({nameA}: {fake.Rows})");
        try
        {
            return progress.Track("FD∞", FrechetDistanceInfinity.Work(fake.Rows, points, minN), "rows",
                pr => FrechetDistanceInfinity.Compute(fake, mu, sigma, points, minN, seed, ct, pr));
        }
        catch (ArgumentException e) { throw new InputException($"fd-inf {nameA} vs {nameB}: {e.Message}"); }
    }
}

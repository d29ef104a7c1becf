using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval kid A B [--subsets 100] [--subset-size 1000] [--degree 3] [--gamma G] [--coef0 1] [--seed 2020] --json</c>:
/// Kernel Inception Distance as torch-fidelity computes it (A = its input1, the generated side; B = input2).
/// </summary>
public static class KidCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "generated side: generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy" };
        var b = new Argument<string>("B") { Description = "reference side: the same kinds as A (e.g. cifar10-train)" };
        var subsets = new Option<int>("--subsets") { Description = "number of random subsets", DefaultValueFactory = _ => KernelInceptionDistance.DefaultSubsets };
        var subsetSize = new Option<int>("--subset-size") { Description = "samples per subset (from each side)", DefaultValueFactory = _ => KernelInceptionDistance.DefaultSubsetSize };
        var degree = new Option<int>("--degree") { Description = "polynomial kernel degree", DefaultValueFactory = _ => 3 };
        var gamma = new Option<double?>("--gamma") { Description = "polynomial kernel γ (default 1/d)" };
        var coef0 = new Option<double>("--coef0") { Description = "polynomial kernel constant", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "subset seed (numpy RandomState)", DefaultValueFactory = _ => (long)KernelInceptionDistance.DefaultSeed };
        var options = new SampleMetricOptions(ownSeed: true);
        var json = EvalOptions.Json();
        var command = new Command("kid", "Kernel Inception Distance (torch-fidelity's kid_features_to_metric)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([subsets, subsetSize, degree, gamma, coef0, seed, .. options.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            using var ctx = options.Read(p);
            var (pathA, pathB) = (p.GetValue(a)!, p.GetValue(b)!);
            var (s, m) = (p.GetValue(subsets), p.GetValue(subsetSize));
            if (s < 1) throw new InputException($"--subsets must be at least 1, got {s}");
            if (m < 2) throw new InputException($"--subset-size must be at least 2, got {m}");
            var (fa, fb) = ctx.Pair(pathA, pathB, ct);
            var r = Compute(pathA, fa, pathB, fb, s, m, new PolynomialKernel(p.GetValue(degree), p.GetValue(gamma), p.GetValue(coef0)),
                SeedOf(p.GetValue(seed)), ctx.Progress, ct);
            Console.WriteLine($"KID: {r.Mean.ToString("R", CultureInfo.InvariantCulture)} ± {r.Std.ToString("R", CultureInfo.InvariantCulture)} ({s} subsets of {m})");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["kid_mean"] = r.Mean, ["kid_std"] = r.Std });
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>A seed as numpy's RandomState takes it (0 … 2³²−1).</summary>
    internal static uint SeedOf(long seed) =>
        seed is >= 0 and <= uint.MaxValue ? (uint)seed : throw new InputException($"--seed must be in [0, 4294967295], got {seed}");

    public static KidResult Compute(string nameA, FeatureMatrix a, string nameB, FeatureMatrix b, int subsets, int subsetSize,
        PolynomialKernel kernel, uint seed, ProgressReporter progress, CancellationToken ct)
    {
        if (subsetSize > a.Rows || subsetSize > b.Rows)
            throw new InputException($"--subset-size {subsetSize} is larger than the number of samples ({nameA}: {a.Rows}, {nameB}: {b.Rows})");
        try
        {
            return progress.Track("KID", subsets, "subsets", pr => KernelInceptionDistance.Compute(a, b, subsets, subsetSize, kernel, seed, pr, ct));
        }
        catch (ArgumentException e) { throw new InputException($"kid: {e.Message}"); }
    }
}

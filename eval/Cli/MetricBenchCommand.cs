using System.CommandLine;
using System.Diagnostics;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Metrics.LinearAlgebra;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval bench metrics</c>: KID (subsets of 1,000 on 2048-d features) and PRDC (N × N, 2048-d) on random
/// features, each against the bare computation in the same run — the plain float64 GEMMs that the textbook algorithm
/// forms (KID: X·Xᵀ, Y·Yᵀ, X·Yᵀ per subset, as torch-fidelity does; PRDC: the three N×N distance products, as clovaai
/// prdc does), with no kernel, selection or counting.
/// </summary>
public static class MetricBenchCommand
{
    public static Command Create()
    {
        var kidSubsets = new Option<int>("--kid-subsets") { Description = "KID subsets to time (each 1,000 + 1,000 samples)", DefaultValueFactory = _ => 10 };
        var prdcN = new Option<int>("--prdc-n") { Description = "samples per side for PRDC (0 = skip)", DefaultValueFactory = _ => 10_000 };
        var dims = new Option<int>("--dims") { Description = "feature dimension", DefaultValueFactory = _ => 2048 };
        var json = EvalOptions.Json();
        var command = new Command("metrics", "time KID and PRDC against their bare GEMMs in the same run");
        command.AddOptions(kidSubsets, prdcN, dims, json);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var d = p.GetValue(dims);
            var result = new Dictionary<string, object?> { ["dims"] = d, ["load"] = LoadAverage.Now() };
            var s = p.GetValue(kidSubsets);
            if (s > 0)
            {
                const int m = 1000;
                var a = Random(1, 2 * m, d);
                var b = Random(2, 2 * m, d);
                var sw = Stopwatch.StartNew();
                KernelInceptionDistance.Compute(a, b, s, m, cancellation: ct);
                var kid = sw.Elapsed.TotalSeconds;
                var bare = TimeBareKid(a, b, s, m, ct);
                Console.WriteLine($"KID {s} subsets of {m}, {d}-d: {kid:F2} s; bare 3 GEMMs per subset {bare:F2} s; ratio {kid / bare:F3} (load {result["load"]})");
                result["kid_subsets"] = s;
                result["kid_seconds"] = Math.Round(kid, 3);
                result["kid_bare_seconds"] = Math.Round(bare, 3);
                result["kid_ratio"] = Math.Round(kid / bare, 4);
            }
            var n = p.GetValue(prdcN);
            if (n > 0)
            {
                var real = Random(3, n, d);
                var fake = Random(4, n, d);
                var sw = Stopwatch.StartNew();
                PrecisionRecallDensityCoverage.Compute(real, fake, 5, ct);
                var prdc = sw.Elapsed.TotalSeconds;
                var bare = TimeBareDistances(real, fake, ct);
                Console.WriteLine($"PRDC {n} x {n}, {d}-d, k=5: {prdc:F2} s; bare 3 distance GEMMs {bare:F2} s; ratio {prdc / bare:F3} (load {LoadAverage.Now()})");
                result["prdc_n"] = n;
                result["prdc_seconds"] = Math.Round(prdc, 3);
                result["prdc_bare_seconds"] = Math.Round(bare, 3);
                result["prdc_ratio"] = Math.Round(prdc / bare, 4);
                result["peak_rss_mib"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
            }
            if (p.GetValue(json)) CliRunner.PrintJson(result);
            return CliRunner.Ok;
        }));
        return command;
    }

    static FeatureMatrix Random(uint seed, int n, int d)
    {
        var rng = new Mt19937(seed);
        var data = new float[n * d];
        for (var i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        return FeatureMatrix.Of(data, n, d);
    }

    /// <summary>Per subset: gather both sides to float64 and form the three full m×m products (no kernel, no sums).</summary>
    static double TimeBareKid(FeatureMatrix a, FeatureMatrix b, int subsets, int m, CancellationToken ct)
    {
        var d = a.Cols;
        var x = new double[m * d];
        var y = new double[m * d];
        var g = new double[m * m];
        var rows = Enumerable.Range(0, m).ToArray();
        var sw = Stopwatch.StartNew();
        for (var s = 0; s < subsets; s++)
        {
            ct.ThrowIfCancellationRequested();
            a.GatherDouble(rows, x);
            b.GatherDouble(rows, y);
            foreach (var (l, r) in new[] { (x, x), (y, y), (x, y) })
            {
                Array.Clear(g);
                DenseGemm.Multiply(m, m, d, 1.0, l, 0, d, false, r, 0, d, true, g, 0, m);
            }
        }
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The three full N×N cross products (real·realᵀ, fake·fakeᵀ, real·fakeᵀ) tile by tile, nothing else.</summary>
    static double TimeBareDistances(FeatureMatrix real, FeatureMatrix fake, CancellationToken ct)
    {
        const int tile = 1024;
        var d = real.Cols;
        var xt = new double[tile * d];
        var yt = new double[tile * d];
        var g = new double[tile * tile];
        var sw = Stopwatch.StartNew();
        foreach (var (x, y) in new[] { (real, real), (fake, fake), (real, fake) })
            for (var i0 = 0; i0 < x.Rows; i0 += tile)
            {
                var rows = Math.Min(tile, x.Rows - i0);
                x.CopyDouble(i0, rows, xt);
                for (var j0 = 0; j0 < y.Rows; j0 += tile)
                {
                    ct.ThrowIfCancellationRequested();
                    var cols = Math.Min(tile, y.Rows - j0);
                    y.CopyDouble(j0, cols, yt);
                    Array.Clear(g, 0, rows * cols);
                    DenseGemm.Multiply(rows, cols, d, -2.0, xt, 0, d, false, yt, 0, d, true, g, 0, cols);
                }
            }
        return sw.Elapsed.TotalSeconds;
    }
}

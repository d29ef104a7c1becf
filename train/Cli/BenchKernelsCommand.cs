using System.CommandLine;
using MmaGan.Train.Benchmarks;

namespace MmaGan.Train.Cli;

/// <summary><c>mmagan-train bench kernels [--steps 10] [--rounds 3] [--threads N]</c> (also spelt <c>bench-kernels</c>, its earlier
/// name): the trainer step with oneDNN, GEMM convolutions,
/// libtorch's own kernels and with oneDNN capped at SSE4.1, side by side (ratios to the SSE4.1 cap).</summary>
public static class BenchKernelsCommand
{
    /// <param name="name">"kernels" under <c>bench</c>; "bench-kernels" for the earlier spelling at the top level (hidden).</param>
    public static Command Create(string name = "kernels")
    {
        var steps = new Option<int>("--steps") { Description = "timed steps per round", DefaultValueFactory = _ => 10 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds (median reported)", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = all cores)" };
        var aten = new Option<bool>("--include-aten") { Description = "also time libtorch's own kernels (≈ 25× slower than oneDNN here)" };
        var child = new Option<string?>("--child") { Hidden = true };
        var command = new Command(name, "DCGAN-32 MMA-GAN step with each choice of convolution kernels, side by side")
            { steps, rounds, threads, aten, child };
        command.Hidden = name != "kernels";
        command.SetAction(p => CliRunner.Run(() =>
        {
            if (p.GetValue(steps) < 1 || p.GetValue(rounds) < 1) throw new Shared.IO.InputException("--steps and --rounds must be at least 1");
            if (p.GetValue(child) is { } variant)
            {
                Console.WriteLine(ConvKernelBenchmark.Child(variant, p.GetValue(steps), p.GetValue(threads)));
                return CliRunner.Ok;
            }
            var rows = ConvKernelBenchmark.Run(p.GetValue(steps), p.GetValue(rounds), p.GetValue(threads), p.GetValue(aten), m => Console.Error.WriteLine(m));
            var baseline = rows.Last();
            Console.WriteLine($"DCGAN-32 MMA-GAN trainer step (B = M = 64, K = 8), median of {p.GetValue(rounds)} rounds × {p.GetValue(steps)} steps, one child process per round:");
            Console.WriteLine($"  {"kernels",-28} {"wall ms/step",12} {"CPU ms/step",12} {"wall / SSE4.1",14} {"CPU / SSE4.1",13}");
            foreach (var r in rows)
                Console.WriteLine(r.Error is { } e
                    ? $"  {r.Variant.Name,-28} failed: {e}"
                    : $"  {r.Variant.Name,-28} {r.WallMs,12:F1} {r.CpuMs,12:F1} {Ratio(r.WallMs, baseline.WallMs),14} {Ratio(r.CpuMs, baseline.CpuMs),13}");
            Console.WriteLine($"  load average now {LoadAverage.Now()}");
            var safe = rows.Single(r => r.Variant.ConvBackend == "gemm");
            return safe.Error is null && baseline.Error is null ? CliRunner.Ok : CliRunner.Error;
        }));
        return command;
    }

    static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("F3") : "–";
}

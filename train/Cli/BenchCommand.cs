using System.CommandLine;
using MmaGan.Train.Benchmarks;

namespace MmaGan.Train.Cli;

/// <summary><c>mmagan-train bench [--steps 20] [--rounds 3] [--threads N]</c>: trainer step time vs a bare TorchSharp loop;
/// with <c>--stabilisers</c>, the DCGAN-32 step with each discriminator stabiliser as a ratio to the plain step;
/// <c>bench kernels</c>: the step with each convolution path. The micro-benchmarks of both programs are under one
/// <c>bench</c> verb (<c>mmagan-eval bench</c>, <c>bench metrics</c>); <c>mmagan-bench</c> is the sweep runner.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "timed steps per round", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds (median reported)", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = all cores)" };
        var stabilisers = new Option<bool>("--stabilisers") { Description = "DCGAN-32 step with each stabiliser (--spectral-norm, …) as a ratio to the plain step" };
        var command = new Command("bench", "micro-benchmarks: DCGAN-32 MMA-GAN step time (B = M = 64, K = 8), trainer vs a bare TorchSharp loop; `bench kernels`: each convolution path")
            { steps, rounds, threads, stabilisers };
        command.Subcommands.Add(BenchKernelsCommand.Create());
        command.SetAction(p => CliRunner.Run(() =>
        {
            if (p.GetValue(stabilisers)) return Stabilisers(p.GetValue(steps), p.GetValue(rounds), p.GetValue(threads));
            var r = StepBenchmark.Run(p.GetValue(steps), p.GetValue(rounds), p.GetValue(threads));
            Console.WriteLine($"DCGAN-32 MMA-GAN step (B = M = 64, K = 8), {r.Threads} threads, median of {r.Rounds} rounds × {r.Steps} steps:");
            Console.WriteLine($"                  wall ms/step   CPU ms/step");
            Console.WriteLine($"  trainer         {r.TrainerMsPerStep,12:F1} {r.TrainerCpuMsPerStep,13:F1}");
            Console.WriteLine($"  bare TorchSharp {r.BareMsPerStep,12:F1} {r.BareCpuMsPerStep,13:F1}");
            Console.WriteLine($"  trainer / bare  {r.TrainerMsPerStep / r.BareMsPerStep,12:F3} {r.TrainerCpuMsPerStep / r.BareCpuMsPerStep,13:F3}");
            Console.WriteLine($"  overhead: {r.Overhead:P1} wall, {r.CpuOverhead:P1} CPU (goal ≤ 10%); load average now {LoadAverage.Now()}");
            return CliRunner.Ok;
        }));
        return command;
    }

    static int Stabilisers(int steps, int rounds, int threads)
    {
        var load = LoadAverage.Now();
        var rows = StabiliserBenchmark.Run(steps, rounds, threads);
        Console.WriteLine($"DCGAN-32 step (B = 64, base width 64) per stabiliser, median of {rounds} interleaved rounds × {steps} steps; load average {load} → {LoadAverage.Now()}:");
        Console.WriteLine("| option | wall ms/step | CPU ms/step | wall ratio | CPU ratio |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in rows)
            Console.WriteLine($"| {r.Option} | {r.WallMsPerStep:F0} | {r.CpuMsPerStep:F0} | {r.WallRatio:F2} | {r.CpuRatio:F2} |");
        return CliRunner.Ok;
    }
}

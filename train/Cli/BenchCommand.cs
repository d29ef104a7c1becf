using System.CommandLine;
using MmaGan.Train.Benchmarks;

namespace MmaGan.Train.Cli;

/// <summary><c>mmagan-train bench [--steps 20] [--rounds 3] [--threads N]</c>: trainer step time vs a bare TorchSharp loop.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "timed steps per round", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds (median reported)", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = all cores)" };
        var command = new Command("bench", "DCGAN-32 MMA-GAN step time (B = M = 64, K = 8): trainer vs a bare TorchSharp loop") { steps, rounds, threads };
        command.SetAction(p => CliRunner.Run(() =>
        {
            var r = StepBenchmark.Run(p.GetValue(steps), p.GetValue(rounds), p.GetValue(threads));
            Console.WriteLine($"DCGAN-32 MMA-GAN step (B = M = 64, K = 8), {r.Threads} threads, median of {r.Rounds} rounds × {r.Steps} steps:");
            Console.WriteLine($"  trainer        {r.TrainerMsPerStep,8:F1} ms/step");
            Console.WriteLine($"  bare TorchSharp{r.BareMsPerStep,8:F1} ms/step");
            Console.WriteLine($"  trainer / bare {r.TrainerMsPerStep / r.BareMsPerStep,8:F3}  (overhead {r.Overhead:P1}; goal ≤ 10%)");
            return CliRunner.Ok;
        }));
        return command;
    }
}

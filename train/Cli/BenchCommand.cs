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
            Console.WriteLine($"                  wall ms/step   CPU ms/step");
            Console.WriteLine($"  trainer         {r.TrainerMsPerStep,12:F1} {r.TrainerCpuMsPerStep,13:F1}");
            Console.WriteLine($"  bare TorchSharp {r.BareMsPerStep,12:F1} {r.BareCpuMsPerStep,13:F1}");
            Console.WriteLine($"  trainer / bare  {r.TrainerMsPerStep / r.BareMsPerStep,12:F3} {r.TrainerCpuMsPerStep / r.BareCpuMsPerStep,13:F3}");
            Console.WriteLine($"  overhead: {r.Overhead:P1} wall, {r.CpuOverhead:P1} CPU (goal ≤ 10%); load average now {LoadAverage()}");
            return CliRunner.Ok;
        }));
        return command;
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}

using System.Diagnostics;
using MmaGan.Train.Config;
using MmaGan.Train.Methods;
using MmaGan.Train.Networks;
using MmaGan.Train.Training;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Benchmarks;

/// <summary>
/// The trainer's speed on the paper's DCGAN-32 MMA-GAN step (B = M = 64, K = 8): the full <see cref="Trainer"/> (data
/// source, method, loss log, checkpoint bookkeeping) against a bare TorchSharp loop doing the same arithmetic on the same
/// networks, measured in the same process, alternating rounds so both see the same machine load.
/// </summary>
public static class StepBenchmark
{
    /// <summary>Wall-clock and process-CPU milliseconds per step (medians over rounds). CPU time is the steadier figure
    /// on a shared machine; wall time is what a user waits.</summary>
    public sealed record Result(double TrainerMsPerStep, double BareMsPerStep, double TrainerCpuMsPerStep, double BareCpuMsPerStep,
        int Steps, int Rounds, int Threads)
    {
        public double Overhead => TrainerMsPerStep / BareMsPerStep - 1;
        public double CpuOverhead => TrainerCpuMsPerStep / BareCpuMsPerStep - 1;
    }

    public readonly record struct Timing(double WallMs, double CpuMs);

    /// <summary>One trainer round (after a warm-up step) with the given convolution kernels, in this process.</summary>
    public static Timing TrainerRound(int steps, int threads, string convBackend) =>
        WithRandomCifar(threads, (dir, data, n) => TrainerLoop(Path.Combine(dir, "run"), data, steps, n, convBackend));

    public static Result Run(int steps = 20, int rounds = 3, int threads = 0) => WithRandomCifar(threads, (dir, data, n) =>
    {
        var trainer = new List<Timing>();
        var bare = new List<Timing>();
        BareLoop(2, n); // warm-up
        for (var r = 0; r < rounds; r++)
        {
            trainer.Add(TrainerLoop(Path.Combine(dir, $"run{r}"), data, steps, n));
            bare.Add(BareLoop(steps, n));
        }
        return new Result(Median(trainer.Select(t => t.WallMs)), Median(bare.Select(t => t.WallMs)),
            Median(trainer.Select(t => t.CpuMs)), Median(bare.Select(t => t.CpuMs)), steps, rounds, n);
    });

    /// <summary>Runs <paramref name="body"/>(folder, CIFAR-10 file, threads) with the process set up as the trainer sets it
    /// (denormal flush, intra-op threads; 0 = all cores) and 640 random CIFAR-10 records in a temporary folder.</summary>
    static T WithRandomCifar<T>(int threads, Func<string, string, int, T> body)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        Runtime.DenormalFlush.Enable();
        torch.set_num_threads(threads);
        var dir = Path.Combine(Path.GetTempPath(), $"mmagan-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var data = Path.Combine(dir, "random.bin");
            WriteRandomCifar(data, records: 640);
            return body(dir, data, threads);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    static double Median(IEnumerable<double> values) { var xs = values.Order().ToArray(); return xs[xs.Length / 2]; }

    internal static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    internal static void WriteRandomCifar(string path, int records)
    {
        var bytes = new byte[records * 3073];
        new Random(1).NextBytes(bytes);
        for (var i = 0; i < records; i++) bytes[i * 3073] = (byte)(i % 10);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>ms per step of the full trainer, timed from its first to its last step (start-up excluded).</summary>
    static Timing TrainerLoop(string runDir, string data, int steps, int threads, string convBackend = "auto")
    {
        var config = new TrainConfig
        {
            Method = GanMethod.Mma, Data = "cifar10:" + data, Out = runDir, Steps = steps + 1, K = 8, Batch = 64, DivBatch = 64,
            Threads = threads, SampleEvery = 1_000_000, CheckpointEvery = 1_000_000, Export = false, ConvBackend = convBackend,
        };
        var timer = new StepTimer();
        var outcome = new Trainer(config, timer).Run(resume: false);
        // A failed side fails the benchmark with its error: never a ratio against a run that did not train.
        if (outcome.Status != TrainStatus.Completed || timer.Steps < 2)
            throw new InvalidOperationException($"the trainer side of the benchmark failed: {outcome.Message}");
        return new Timing(timer.MsPerStepAfterFirst, timer.CpuMsPerStepAfterFirst);
    }

    /// <summary>ms per step of a plain loop: same networks, same losses, no logging, no data pipeline.</summary>
    static Timing BareLoop(int steps, int threads)
    {
        torch.manual_seed(42);
        var spec = new NetworkSpec("conv", 100, 32, 3, 8);
        using var g = GeneratorFactory.Create(spec);
        using var d = DiscriminatorFactory.Create(spec);
        WeightInit.Dcgan(g);
        WeightInit.Dcgan(d);
        var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        using var real = rand([64, 3, 32, 32]) * 2 - 1;
        var clock = new Stopwatch();
        var cpu0 = TimeSpan.Zero;
        for (var i = 0; i <= steps; i++)
        {
            if (i == 1) { clock.Start(); cpu0 = Cpu(); }
            using var scope = NewDisposeScope();
            var fake = g.call(randn([64, 100]));
            optD.zero_grad();
            var lossD = -F.logsigmoid(d.call(real)).mean() - F.logsigmoid(-d.call(fake.detach())).mean();
            lossD.backward();
            optD.step();
            optG.zero_grad();
            var a = sigmoid(d.call(g.call(randn([64, 100])))).mean([0]);
            var lossG = -F.logsigmoid(d.call(fake)).mean() + (0.5 - a).clamp_min(0).sum() * 0.5;
            lossG.backward();
            optG.step();
            _ = lossG.item<float>(); // one sync per step, as any loop that looks at its loss has
        }
        return new Timing(clock.Elapsed.TotalMilliseconds / steps, (Cpu() - cpu0).TotalMilliseconds / steps);
    }

    internal sealed class StepTimer : ITrainingObserver
    {
        readonly Stopwatch _clock = new();
        TimeSpan _cpu0, _cpu1;
        long _steps;
        public long Steps => _steps;
        public double MsPerStepAfterFirst => _clock.Elapsed.TotalMilliseconds / Math.Max(1, _steps - 1);
        public double CpuMsPerStepAfterFirst => (_cpu1 - _cpu0).TotalMilliseconds / Math.Max(1, _steps - 1);
        public void Started(long fromStep, long totalSteps, string description) { }
        public void Stepped(long step, StepResult result)
        {
            _steps = step;
            if (step == 1) { _clock.Restart(); _cpu0 = Cpu(); }
            else { _clock.Stop(); _cpu1 = Cpu(); _clock.Start(); }
        }
        public void Note(string message) { }
    }
}

using MmaGan.Train.Config;
using MmaGan.Train.Training;

namespace MmaGan.Train.Benchmarks;

/// <summary>
/// The step-time cost of each discriminator stabiliser of the seed papers at DCGAN-32 (B = 64, CIFAR-10-shaped random data, base
/// width 64): the full trainer with the option against the plain DCGAN step, measured in the same process with the
/// configurations interleaved round by round so they see the same machine load; medians over rounds, reported as ratios.
/// </summary>
public static class StabiliserBenchmark
{
    public sealed record Row(string Option, double WallMsPerStep, double CpuMsPerStep, double WallRatio, double CpuRatio);

    /// <summary>Option label → configuration change (the first, "plain", is the baseline).</summary>
    public static readonly (string Label, Func<TrainConfig, TrainConfig> Apply)[] Options =
    [
        ("plain DCGAN", c => c),
        ("--spectral-norm", c => c with { SpectralNorm = true }),
        ("--label-smoothing 0.9", c => c with { LabelSmoothing = 0.9 }),
        ("--minibatch-discrimination (B=100, C=5)", c => c with { MinibatchDiscrimination = true }),
        ("--feature-matching", c => c with { FeatureMatching = true }),
        ("--net mlp (Goodfellow 2014 FC G, maxout D)", c => c with { Net = "mlp" }),
    ];

    public static List<Row> Run(int steps = 10, int rounds = 3, int threads = 0)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        Runtime.DenormalFlush.Enable();
        TorchSharp.torch.set_num_threads(threads);
        var dir = Path.Combine(Path.GetTempPath(), $"mmagan-stab-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var data = Path.Combine(dir, "random.bin");
            StepBenchmark.WriteRandomCifar(data, records: 640);
            var wall = Options.Select(_ => new List<double>()).ToArray();
            var cpu = Options.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < rounds; r++)
                for (var i = 0; i < Options.Length; i++)
                {
                    var config = Options[i].Apply(new TrainConfig
                    {
                        Method = GanMethod.Dcgan, Data = "cifar10:" + data, Out = Path.Combine(dir, $"r{r}o{i}"), Steps = steps + 1, Batch = 64,
                        Threads = threads, SampleEvery = 1_000_000, CheckpointEvery = 1_000_000, Export = false,
                    });
                    var timer = new StepBenchmark.StepTimer();
                    new Trainer(config, timer).Run(resume: false);
                    wall[i].Add(timer.MsPerStepAfterFirst);
                    cpu[i].Add(timer.CpuMsPerStepAfterFirst);
                    Directory.Delete(config.Out, recursive: true);
                }
            double Median(List<double> xs) { var s = xs.Order().ToArray(); return s[s.Length / 2]; }
            var (w0, c0) = (Median(wall[0]), Median(cpu[0]));
            return Options.Select((o, i) => new Row(o.Label, Median(wall[i]), Median(cpu[i]), Median(wall[i]) / w0, Median(cpu[i]) / c0)).ToList();
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

using System.CommandLine;
using MmaGan.Train.Networks;
using MmaGan.Train.Numerics;
using MmaGan.Train.Runtime;
using TorchSharp;

namespace MmaGan.Train.Cli;

/// <summary>
/// <c>mmagan-train doctor [--image-size 32] [--base-width 64] [--batch 64] [--k 8] [--layers] [--threads N]</c>: the CPU,
/// oneDNN's instruction set and the thread count, then the start-up numerics check (float32 vs float64, forward and
/// backward) of the default DCGAN-style G and D with oneDNN's and with libtorch's own kernels, and which one a run uses.
/// </summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var imageSize = new Option<int>("--image-size") { DefaultValueFactory = _ => 32 };
        var baseWidth = new Option<int>("--base-width") { DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64 };
        var k = new Option<int>("--k") { Description = "D heads", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = all cores)" };
        var layers = new Option<bool>("--layers") { Description = "print every layer's figures (and the whole networks', for information)" };
        var command = new Command("doctor", "check that this CPU computes the conv networks correctly (float32 vs float64)")
            { imageSize, baseWidth, batch, k, threads, layers };
        command.SetAction(p => CliRunner.Run(() =>
        {
            DenormalFlush.Enable();
            var n = p.GetValue(threads);
            torch.set_num_threads(n > 0 ? n : Environment.ProcessorCount);
            var cpu = CpuDescription.Read();
            Console.WriteLine($"CPU: {cpu.Model} ({cpu.Family}), {cpu.Cores} cores; oneDNN ISA: {cpu.OneDnnIsa}; libtorch {torch.__version__}, " +
                              $"{torch.get_num_threads()} threads");
            var size = p.GetValue(imageSize);
            if (size is not (32 or 64 or 128 or 256)) throw new Shared.IO.InputException("--image-size must be 32, 64, 128 or 256");
            var spec = new NetworkSpec("conv", 100, size, 3, p.GetValue(k), p.GetValue(baseWidth));
            torch.manual_seed(1);
            using var g = GeneratorFactory.Create(spec);
            using var d = DiscriminatorFactory.Create(spec);
            WeightInit.Dcgan(g); WeightInit.Dcgan(d);
            Console.WriteLine($"networks: DCGAN-{size}, base width {spec.BaseWidth}, batch {p.GetValue(batch)}, K {spec.Heads}; " +
                              $"relative error max|f32 − f64| / max|f64|, tolerance {StartupNumericsCheck.Tolerance:G2}");
            var verdicts = new List<(ConvBackend, bool)>();
            foreach (var backend in StartupNumericsCheck.Ladder("auto"))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var results = NetworkNumerics.Measure(spec, g, d, p.GetValue(batch), backend);
                var worst = StartupNumericsCheck.Worst(results);
                var ok = StartupNumericsCheck.Agrees(worst);
                verdicts.Add((backend, ok));
                Console.WriteLine($"== {NumericsCheck.Name(backend)} kernels ({clock.Elapsed.TotalSeconds:F1} s): {(ok ? "correct" : "WRONG")}, worst {NumericsCheck.Describe(worst)}");
                foreach (var r in results.Where(r => p.GetValue(layers) || r.RelativeError > StartupNumericsCheck.Tolerance))
                    Console.WriteLine($"  {r}{(r.RelativeError <= StartupNumericsCheck.Tolerance ? "" : "   <-- wrong")}");
                if (p.GetValue(layers))
                    foreach (var r in NetworkNumerics.MeasureWhole(spec, g, d, p.GetValue(batch), backend))
                        Console.WriteLine($"  {r}   (whole network: informative, rounding grows with depth)");
            }
            var chosen = verdicts.FirstOrDefault(v => v.Item2);
            Console.WriteLine(verdicts.Any(v => v.Item2)
                ? $"a run here (--conv-backend auto) uses {NumericsCheck.Name(chosen.Item1)} kernels"
                : "no correct kernels found: training on this CPU would be refused");
            return verdicts.Any(v => v.Item2) ? CliRunner.Ok : CliRunner.Error;
        }));
        return command;
    }
}

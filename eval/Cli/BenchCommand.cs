using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Metrics.LinearAlgebra;
using MmaGan.Eval.Onnx;
using MmaGan.Eval.Sources;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval bench</c>: (1) time of FID from two 2048-d statistics; (2) feature-extraction throughput of the full
/// pipeline (decode → the model's resize, if it resizes outside the network → Inception → statistics) against a bare
/// ONNX Runtime loop over the same, already decoded and resized batches, same model and batch size, in the same run.
/// <c>--feature-net NAME</c> measures (2) for a random-weight twin of DINOv2 or CLIP built here instead, with its GFLOP/s.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var inception = EvalOptions.Inception();
        var source = new Option<string?>("--source") { Description = "images for the throughput test (default ../shared/data/cifar10)" };
        var n = new Option<int>("--n") { Description = "images for the throughput test", DefaultValueFactory = _ => 200 };
        var batch = EvalOptions.DeviceBatch();
        var device = EvalOptions.Device();
        var threads = EvalOptions.Threads();
        var convSearch = new Option<string>("--cudnn-conv-algo-search")
        {
            Description = "with --device cuda: cuDNN's convolution algorithm choice (EXHAUSTIVE is what every command uses; compare HEURISTIC, DEFAULT)",
            DefaultValueFactory = _ => CudaProviderSettings.Default.CudnnConvAlgoSearch,
        };
        convSearch.AcceptOnlyFromAmong(CudaProviderSettings.ConvAlgoSearches);
        var skipExtraction = new Option<bool>("--fid-only") { Description = "only time the FID computation" };
        var statsMemory = new Option<int?>("--stats-memory") { Description = "instead: peak memory of `stats` over N generated samples (cheap stand-in models, 2048-d features)" };
        var featureNet = new Option<string?>("--feature-net")
        {
            Description = $"instead of --inception: a random-weight twin of a feature network, built here ({string.Join(", ", RandomFeatureNetwork.Names)}); only the throughput is measured",
        };
        featureNet.AcceptOnlyFromAmong(RandomFeatureNetwork.Names);
        var preprocess = new Option<string>("--preprocess") { Description = "the DINOv2 twin's convention: dgm-eval or torch-fidelity", DefaultValueFactory = _ => "dgm-eval" };
        var repeats = new Option<int>("--repeats") { Description = "with --feature-net: alternating bare/pipeline passes (the best of each is reported)", DefaultValueFactory = _ => 3 };
        preprocess.AcceptOnlyFromAmong([.. MmaGan.Models.Dinov2.Dinov2Builder.Conventions.Select(c => c.Convention)]);
        var json = EvalOptions.Json();
        var command = new Command("bench", "micro-benchmarks: FID-2048 and feature-extraction throughput vs bare ONNX Runtime (also of DINOv2/CLIP twins: --feature-net); `bench metrics`: KID and PRDC vs their bare GEMMs");
        command.AddOptions(inception, source, n, batch, device, threads, convSearch, skipExtraction, statsMemory, featureNet, preprocess, repeats, json);
        command.Subcommands.Add(MetricBenchCommand.Create());
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var result = new Dictionary<string, object?>();
            var deviceText = p.GetValue(device)!;
            OrtSessions.CheckDevice(deviceText);
            var batchSize = p.GetValue(batch) ?? Shared.Metrics.EvaluationDefaults.BatchOn(deviceText);
            var threadCount = EvalOptions.CheckThreads(p.GetValue(threads));
            var cuda = CudaProviderSettings.Default with { CudnnConvAlgoSearch = p.GetValue(convSearch)! };
            if (p.GetValue(statsMemory) is { } memN)
            {
                var (peak, seconds) = StatsPeakMemory(memN, batchSize, ct);
                Console.WriteLine($"stats over {memN} generated samples (2048-d features): peak RSS {peak / 1048576.0:F0} MiB, {seconds:F1} s");
                result["stats_n"] = memN;
                result["peak_rss_mib"] = Math.Round(peak / 1048576.0, 1);
                if (p.GetValue(json)) CliRunner.PrintJson(result);
                return CliRunner.Ok;
            }
            if (p.GetValue(featureNet) is { } net)
            {
                var dir = Directory.CreateTempSubdirectory("mmagan-bench-net").FullName;
                try
                {
                    var started = Stopwatch.StartNew();
                    var (path, gflop) = RandomFeatureNetwork.Build(net, MmaGan.Models.Dinov2.Dinov2Builder.Convention(p.GetValue(preprocess)!), dir);
                    using var netModel = new InceptionModel(path, deviceText, threadCount, featureSpace: null, cuda: cuda);
                    Console.WriteLine($"{net}: random-weight twin built in {started.Elapsed.TotalSeconds:F0} s ({new FileInfo(path).Length / 1e6:F0} MB; " +
                                      $"{netModel.FeatureSize}-d features; {gflop:F2} GFLOP/image; preprocessing {netModel.Preprocessing.Convention}, {FeaturePreprocessingName(netModel)})");
                    var srcNet = p.GetValue(source) ?? Path.Combine(ModelPaths.RepoRoot() ?? ".", "..", "shared", "data", "cifar10");
                    if (p.GetValue(repeats) < 1) throw new InputException($"--repeats must be at least 1, got {p.GetValue(repeats)}");
                    var m = Measure(srcNet, netModel, p.GetValue(n), batchSize, ct, repeats: p.GetValue(repeats));
                    Console.WriteLine($"passes (images/s): bare {string.Join(", ", m.BarePasses.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}; " +
                                      $"pipeline {string.Join(", ", m.PipelinePasses.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
                    var (pipe, bareNet) = (m.Pipeline, m.Bare);
                    Console.WriteLine($"feature extraction: pipeline {pipe:F2} images/s, bare ORT {bareNet:F2} images/s ({bareNet * gflop:F1} GFLOP/s), " +
                                      $"ratio {pipe / bareNet:P1} (batch {batchSize}, n {p.GetValue(n)}, {Environment.ProcessorCount} cores, load {LoadAverage.Now()})");
                    Console.WriteLine($"CPU time per image: pipeline {m.PipelineCpuMs:F0} ms, bare ORT {m.BareCpuMs:F0} ms (ratio {m.BareCpuMs / m.PipelineCpuMs:P1}); " +
                                      $"{gflop * 1000 / m.BareCpuMs:F1} GFLOP per CPU-second in bare ORT");
                    result["pipeline_cpu_ms_per_image"] = Math.Round(m.PipelineCpuMs, 1);
                    result["bare_ort_cpu_ms_per_image"] = Math.Round(m.BareCpuMs, 1);
                    result["model"] = net;
                    result["gflop_per_image"] = Math.Round(gflop, 3);
                    result["pipeline_images_per_s"] = Math.Round(pipe, 3);
                    result["bare_ort_images_per_s"] = Math.Round(bareNet, 3);
                    result["bare_ort_gflop_per_s"] = Math.Round(bareNet * gflop, 2);
                    result["ratio"] = Math.Round(pipe / bareNet, 4);
                }
                finally { Directory.Delete(dir, true); }
                if (p.GetValue(json)) CliRunner.PrintJson(result);
                return CliRunner.Ok;
            }
            var (fidSeconds, fidCpu) = TimeFid2048();
            Console.WriteLine($"FID from two 2048-d statistics: {fidSeconds:F2} s wall, {fidCpu:F2} s CPU ({Environment.ProcessorCount} cores, load {LoadAverage.Now()})");
            result["fid2048_seconds"] = Math.Round(fidSeconds, 3);
            result["fid2048_cpu_seconds"] = Math.Round(fidCpu, 3);
            if (!p.GetValue(skipExtraction))
            {
                var srcPath = p.GetValue(source) ?? Path.Combine(ModelPaths.RepoRoot() ?? ".", "..", "shared", "data", "cifar10");
                var modelPath = p.GetValue(inception);
                string? tempDir = null;
                if (modelPath == null && !File.Exists(MmaGan.Shared.Models.ModelsFolder.FileIn(ModelPaths.InceptionFile)))
                {
                    // No built model: measure the pipeline's overhead on a stand-in with the same contract.
                    using var probe = ImageSources.Open(srcPath, 1);
                    var first = probe.ReadBatches(1, ct).First();
                    tempDir = Directory.CreateTempSubdirectory("mmagan-bench").FullName;
                    modelPath = SyntheticInception.Build(Path.Combine(tempDir, "synthetic-inception.onnx"), first.Height, first.Width);
                    Console.WriteLine("models/fid-inception.onnx not built (`make models`): using a synthetic stand-in with the same contract (≈1.1 GFLOP/image)");
                    result["model"] = "synthetic";
                }
                else result["model"] = ModelPaths.Resolve(modelPath, ModelPaths.InceptionFile, "--inception");
                using var model = new InceptionModel(ModelPaths.Resolve(modelPath, ModelPaths.InceptionFile, "--inception"), deviceText, threadCount, cuda: cuda);
                if (tempDir != null) Directory.Delete(tempDir, true);
                var (pipeline, bare) = Throughput(srcPath, model, p.GetValue(n), batchSize, ct);
                var on = OrtDevice.Parse(deviceText) is { CudaId: { } id } ? $"cuda:{id}, {cuda.Describe(id)}" : "cpu";
                Console.WriteLine($"feature extraction: pipeline {pipeline:F2} images/s, bare ORT {bare:F2} images/s, ratio {pipeline / bare:P1} (batch {batchSize}, n {p.GetValue(n)}, {on})");
                result["device"] = OrtDevice.Parse(deviceText).ToString();
                result["batch"] = batchSize;
                result["pipeline_images_per_s"] = Math.Round(pipeline, 3);
                result["bare_ort_images_per_s"] = Math.Round(bare, 3);
                result["ratio"] = Math.Round(pipeline / bare, 4);
            }
            if (p.GetValue(json)) CliRunner.PrintJson(result);
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>Runs the `stats` pipeline (generator → Inception stand-in → GaussianStats → .npz) over n samples; returns the process's peak RSS.</summary>
    public static (long PeakBytes, double Seconds) StatsPeakMemory(int n, int batch, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("mmagan-bench-mem").FullName;
        try
        {
            var gen = SyntheticModels.LinearGenerator32(Path.Combine(dir, "g.onnx"));
            var inc = SyntheticModels.PooledInception2048(Path.Combine(dir, "i.onnx"));
            using var src = new GeneratorSource(gen, n, 42);
            using var model = new InceptionModel(inc);
            var r = FeatureExtractor.Run(src, model, batch, cancellation: ct);
            StatsFile.Write(Path.Combine(dir, "s.npz"), r.Stats);
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            return (self.PeakWorkingSet64, r.Seconds);
        }
        finally { Directory.Delete(dir, true); }
    }

    static string FeaturePreprocessingName(InceptionModel m) =>
        MmaGan.Models.Preprocessing.FeaturePreprocessing.ResizeName(m.Preprocessing.Resize) + $" to {m.Preprocessing.InputSize}";

    /// <summary>Wall and CPU seconds for FrechetDistance on two random, well-conditioned 2048-d statistics.</summary>
    public static (double Wall, double Cpu) TimeFid2048(int n = 2048)
    {
        double[] Spd(int seed)
        {
            var rng = new Random(seed);
            var x = new double[n * n];
            for (var i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
            var s = new double[n * n];
            DenseGemm.Multiply(n, n, n, 1.0 / n, x, 0, n, false, x, 0, n, true, s, 0, n);
            for (var i = 0; i < n; i++)
            {
                s[i * n + i] += 0.01;
                for (var j = 0; j < i; j++) s[i * n + j] = s[j * n + i];
            }
            return s;
        }
        var s1 = Spd(1);
        var s2 = Spd(2);
        var mu1 = new double[n];
        var mu2 = Enumerable.Range(0, n).Select(i => 0.01 * i).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var fid = FrechetDistance.Compute(mu1, s1, mu2, s2);
        sw.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (!double.IsFinite(fid)) throw new InvalidOperationException("FID benchmark produced a non-finite value");
        return (sw.Elapsed.TotalSeconds, cpu.TotalSeconds);
    }

    /// <summary>(pipeline images/s, bare ORT images/s) on the first <paramref name="n"/> images of <paramref name="sourcePath"/>.</summary>
    public static (double Pipeline, double Bare) Throughput(string sourcePath, InceptionModel model, int n, int batch, CancellationToken ct, int repeats = 2)
    {
        var r = Measure(sourcePath, model, n, batch, ct, repeats);
        return (r.Pipeline, r.Bare);
    }

    /// <summary>Throughput of the pipeline and of bare ONNX Runtime (images/s, best of <paramref name="repeats"/> alternating
    /// passes), and each one's process CPU time per image (ms; the lowest), which the machine's load does not inflate.</summary>
    public sealed record ThroughputResult(double Pipeline, double Bare, double PipelineCpuMs, double BareCpuMs, double[] BarePasses, double[] PipelinePasses);

    public static ThroughputResult Measure(string sourcePath, InceptionModel model, int n, int batch, CancellationToken ct, int repeats = 2)
    {
        using (var src = ImageSources.Open(sourcePath, n))
        {
            if (src.Count < 2) throw InputException.ForFile(sourcePath, "need at least 2 images");
        }
        // Decode (and resize, for a model that takes its input resized) once for the bare loop.
        List<ImageBatch> batches;
        var preprocess = new MmaGan.Eval.Preprocessing.ImagePreprocessor(model.Preprocessing);
        using (var src = ImageSources.Open(sourcePath, n)) batches = [.. src.ReadBatches(batch, ct).Select(preprocess.Apply)];
        var total = batches.Sum(b => b.Count);
        var inputs = batches.Select(b => OrtValue.CreateTensorValueFromMemory(b.Data.Length == b.Count * b.ImageSize ? b.Data : b.Data[..(b.Count * b.ImageSize)],
            new long[] { b.Count, 3, b.Height, b.Width })).ToList();
        try
        {
            using var run = new RunOptions();
            // Warm-up, then alternate bare and pipeline runs and keep the best of each (the machine may be shared).
            using (model.Session.Run(run, [model.InputName], [inputs[0]], [model.FeatureOutput])) { }
            double bare = 0, pipeline = 0, bareCpu = double.MaxValue, pipelineCpu = double.MaxValue;
            var barePasses = new List<double>();
            var pipelinePasses = new List<double>();
            using var self = Process.GetCurrentProcess();
            TimeSpan Cpu() { self.Refresh(); return self.TotalProcessorTime; }
            for (var rep = 0; rep < repeats; rep++)
            {
                var cpu = Cpu();
                var sw = Stopwatch.StartNew();
                foreach (var input in inputs)
                {
                    ct.ThrowIfCancellationRequested();
                    using var r = model.Session.Run(run, [model.InputName], [input], [model.FeatureOutput]);
                }
                barePasses.Add(total / sw.Elapsed.TotalSeconds);
                bare = Math.Max(bare, barePasses[^1]);
                bareCpu = Math.Min(bareCpu, (Cpu() - cpu).TotalMilliseconds / total);
                cpu = Cpu();
                using var src = ImageSources.Open(sourcePath, n);
                var result = FeatureExtractor.Run(src, model, batch, cancellation: ct);
                pipelinePasses.Add(result.Count / result.Seconds);
                pipeline = Math.Max(pipeline, pipelinePasses[^1]);
                pipelineCpu = Math.Min(pipelineCpu, (Cpu() - cpu).TotalMilliseconds / result.Count);
            }
            return new ThroughputResult(pipeline, bare, pipelineCpu, bareCpu, [.. barePasses], [.. pipelinePasses]);
        }
        finally { foreach (var v in inputs) v.Dispose(); }
    }
}

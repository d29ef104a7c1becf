using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.Cli;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Tensors;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval generate G.onnx (--n N [--seed S] | --z Z.npy) (--out DIR | --out-npy OUT.npy) [--batch 64]</c>:
/// runs any generator ONNX model (ours or third-party) and writes one PNG per sample to DIR (images mapped from the
/// model's output_range, default [−1,1], to 0..255) and/or the raw float32 output [N, ...] to OUT.npy. Latents come
/// from <c>--z</c> ([N, zdim] or any shape [N, ...] with zdim values per row, reshaped to the model's input) or are
/// drawn as z ~ N(0, I) by <see cref="StandardNormalLatents"/> (System.Random(seed) + Box–Muller in float64 → float32).
/// 2-D toy models (output [N, 2]) write <c>DIR/samples.npy</c> instead of PNGs.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("G.onnx") { Description = "generator ONNX model (one float input [N, zdim(,1,1)], one output)" };
        var n = new Option<int?>("--n") { Description = "number of samples to draw (with --seed)" };
        var seed = EvalOptions.Seed(description: "latent RNG seed");
        var z = new Option<string?>("--z") { Description = "latents .npy [N, zdim] instead of --n/--seed" };
        var output = new Option<string?>("--out") { Description = "folder for PNG files (000000.png, ...)" };
        var outNpy = new Option<string?>("--out-npy") { Description = "write the raw float32 output [N, ...] here" };
        var batch = EvalOptions.Batch(64, "samples per ONNX Runtime call");
        var threads = EvalOptions.Threads();
        var device = EvalOptions.Device();
        var json = EvalOptions.Json();

        var command = new Command("generate", "run a generator ONNX model: PNG samples or raw output");
        command.Arguments.Add(model);
        command.AddOptions(n, seed, z, output, outNpy, batch, threads, device, json);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var request = new GenerateRequest(p.GetValue(model)!, p.GetValue(n), p.GetValue(seed), p.GetValue(z), p.GetValue(output),
                p.GetValue(outNpy), p.GetValue(batch), p.GetValue(threads), p.GetValue(device)!);
            var result = Run(request, ct, ProgressReporter.ForConsole());
            Console.WriteLine($"generated {result.N} samples of shape [{string.Join(",", result.SampleShape)}] in {result.Seconds:F2} s" +
                              (result.OutDir is null ? "" : $" → {result.OutDir}") + (result.OutNpy is null ? "" : $" → {result.OutNpy}"));
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["n"] = result.N, ["sample_shape"] = result.SampleShape, ["out"] = result.OutDir, ["out_npy"] = result.OutNpy,
                    ["seconds"] = Math.Round(result.Seconds, 4), ["samples_per_second"] = Math.Round(result.N / Math.Max(result.Seconds, 1e-9), 2),
                });
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>What to generate: latents from <paramref name="ZPath"/> or (<paramref name="N"/>, <paramref name="Seed"/>).</summary>
    public sealed record GenerateRequest(string Model, int? N, int Seed, string? ZPath, string? OutDir, string? OutNpy,
        int Batch = 64, int Threads = 0, string Device = "cpu");

    public sealed record GenerateResult(int N, int[] SampleShape, string? OutDir, string? OutNpy, double Seconds);

    /// <param name="progress">Shows samples done, batch by batch (default: nothing shown).</param>
    public static GenerateResult Run(GenerateRequest r, CancellationToken cancel = default, ProgressReporter? progress = null)
    {
        if ((r.N is null) == (r.ZPath is null)) throw new InputException("give either --n N (with --seed) or --z Z.npy");
        if (r.OutDir is null && r.OutNpy is null) throw new InputException("give --out DIR and/or --out-npy OUT.npy");
        if (r.N is <= 0) throw new InputException("--n must be positive");
        if (r.Batch <= 0) throw new InputException("--batch must be positive");
        OrtSessions.CheckDevice(r.Device); // before --out is created
        // A failed run leaves nothing behind: the PNGs it wrote go, and so does --out when this run created it.
        var createdOut = r.OutDir != null && !Directory.Exists(r.OutDir);
        var written = new System.Collections.Concurrent.ConcurrentBag<string>();
        try { return GenerateInto(r, written, cancel, progress); }
        catch
        {
            foreach (var file in written) try { File.Delete(file); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (createdOut && r.OutDir is { } dir)
                try { if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    static GenerateResult GenerateInto(GenerateRequest r, System.Collections.Concurrent.ConcurrentBag<string> written, CancellationToken cancel, ProgressReporter? progress)
    {
        if (r.OutDir != null) OutputPath.Folder(r.OutDir, "--out");
        if (r.OutNpy != null) OutputPath.File(r.OutNpy, "--out-npy");

        var clock = Stopwatch.StartNew();
        using var generator = OnnxGenerator.Open(r.Model, r.Threads, r.Device);
        if (r.N is { } requested) generator.CheckBatch(Math.Min(r.Batch, requested));   // before the latents and the --out folder
        var (z, n) = r.ZPath is { } zPath ? ReadLatents(zPath, generator.LatentSize) : (StandardNormalLatents.SampleRows(r.Seed, r.N!.Value, generator.LatentSize, $"--n {r.N} samples of {r.Model}"), r.N!.Value);

        var shape = generator.SampleShape;
        long[] outShape = [n, .. shape.Select(d => (long)d)];
        var isImage = shape.Length == 3 && shape[0] is 1 or 3 or 4;
        if (r.OutDir != null) Directory.CreateDirectory(r.OutDir);
        var toySamples = r.OutDir != null && !isImage ? new float[MemoryBudget.Elements(n, generator.SampleSize, sizeof(float), $"--n {n} samples of {r.Model}")] : null;
        var digits = Math.Max(6, n.ToString(CultureInfo.InvariantCulture).Length);
        var (low, high) = generator.OutputRange;
        if (float.IsInfinity(low) || float.IsInfinity(high)) (low, high) = (-1f, 1f);

        // Batches stream to OUT.npy (never all in memory); PNG encoding of one batch overlaps ONNX Runtime on the next.
        void Loop(Stream? npy, IProgress<long>? done)
        {
            var pendingWrites = Task.CompletedTask;
            try
            {
                for (var start = 0; start < n; start += r.Batch)
                {
                    cancel.ThrowIfCancellationRequested();
                    var count = Math.Min(r.Batch, n - start);
                    var output = generator.Run(z[(start * generator.LatentSize)..((start + count) * generator.LatentSize)], count);
                    if (NonFinite.Count(output) is > 0 and var bad)
                        throw InputException.ForFile(r.Model, $"generator output has {bad} NaN/infinite values in samples {start}..{start + count - 1}" +
                            (r.ZPath is null ? $" (seed {r.Seed})" : $" (latents {r.ZPath})") + "; nothing more written");
                    npy?.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(output.AsSpan()));
                    if (toySamples != null) Array.Copy(output, 0, toySamples, (long)start * generator.SampleSize, output.Length);
                    if (r.OutDir != null && isImage)
                    {
                        pendingWrites.GetAwaiter().GetResult();
                        var (first, size, dir) = (start, generator.SampleSize, r.OutDir);
                        pendingWrites = Task.Run(() => Parallel.For(0, count, new ParallelOptions { CancellationToken = cancel }, i =>
                        {
                            var image = ImageTensor.FromChw(output.AsSpan(i * size, size), shape[0], shape[1], shape[2], low, high);
                            var png = Path.Combine(dir, (first + i).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png");
                            ImageFile.WritePng(png, image);
                            written.Add(png);
                        }), cancel);
                    }
                    done?.Report(start + count);
                }
            }
            catch
            {
                // The PNGs of the batch before are finished (or failed) before the caller removes what was written.
                try { pendingWrites.Wait(); } catch (AggregateException) { }
                throw;
            }
            pendingWrites.GetAwaiter().GetResult();
        }
        void Generate(Stream? npy) => (progress ?? ProgressReporter.None).Track(Path.GetFileName(r.Model), n, "samples", done => Loop(npy, done));

        if (r.OutNpy != null)
            AtomicFile.Write(r.OutNpy, stream =>
            {
                Npy.WriteHeader(stream, "<f4", outShape);
                Generate(stream);
            });
        else Generate(null);
        if (toySamples != null)
        {
            var samples = Path.Combine(r.OutDir!, "samples.npy");
            Npy.Write(samples, toySamples, outShape);
            written.Add(samples);
        }
        return new GenerateResult(n, shape, r.OutDir, r.OutNpy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Latents [N, ...] with <paramref name="latentSize"/> values per row (float32 or float64, C order).</summary>
    static (float[] Z, int N) ReadLatents(string path, int latentSize)
    {
        var array = Npy.Read(path);
        if (array.Shape.Length < 1 || array.Shape[0] <= 0)
            throw InputException.ForFile(path, $"expected latents [N, {latentSize}], got shape [{string.Join(",", array.Shape)}]");
        var perRow = array.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (perRow != latentSize)
            throw InputException.ForFile(path, $"latents of shape [{string.Join(",", array.Shape)}] have {perRow} values per row; the model takes {latentSize}");
        if (array.Dtype is not ("<f4" or "<f8"))
            throw InputException.ForFile(path, $"latents must be float32 or float64, not {array.Dtype}");
        var z = array.AsFloat();
        var bad = NonFinite.FirstIndex(z);
        if (bad >= 0)
            throw InputException.ForFile(path, $"latent {NonFinite.FormatIndex(bad, array.Shape)} is {NonFinite.Describe(z[bad])}: latents must be finite");
        return (z, checked((int)array.Shape[0]));
    }
}

using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Onnx;

/// <summary>
/// Runs any generator ONNX model — ours (input <c>z</c> [N, zdim]) or third-party (e.g. [N, zdim, 1, 1]) — in
/// ONNX Runtime. The model must have exactly one float32 input whose first dimension is the batch (symbolic, or fixed —
/// then runs go in batches of that size) and exactly one output [N, ...sample shape]. Latents are always passed as [n, <see cref="LatentSize"/>] row-major and reshaped
/// to the model's input shape.
/// </summary>
public sealed class OnnxGenerator : IDisposable
{
    readonly InferenceSession session;
    readonly string inputName;
    readonly string outputName;
    readonly string path;

    OnnxGenerator(InferenceSession session, string path)
    {
        this.session = session;
        this.path = path;
        var input = session.InputMetadata.Single();
        var output = session.OutputMetadata.Single();
        inputName = input.Key;
        outputName = output.Key;
        InputShape = [.. input.Value.Dimensions];
        if (InputShape.Length < 2 || InputShape.Skip(1).Any(d => d <= 0))
            throw InputException.ForFile(path, $"generator input '{inputName}' has shape {Format(InputShape)}; expected [N, zdim] or [N, zdim, 1, 1] with fixed non-batch dimensions");
        var latent = InputShape.Skip(1).Aggregate(1.0, (a, b) => a * b);   // a double: a product of large dimensions overflows a long
        // The latents of one batch must fit before anything is allocated: a 179-byte model declaring z of 2·10⁹ values took
        // 15 GB for 117 s.
        MemoryBudget.Require((double)latent * sizeof(float) * Metrics.EvaluationDefaults.Batch, $"{path}: the latents of one batch of {Metrics.EvaluationDefaults.Batch} ({latent:N0} values each)");
        if (latent > Array.MaxLength) throw InputException.ForFile(path, $"generator input '{inputName}' {Format(InputShape)} holds {latent:G4} values a sample, more than one array holds");
        LatentSize = (int)latent;
        Metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
        OutputRange = ParseRange(path, Metadata.GetValueOrDefault("output_range"));

        var outDims = output.Value.Dimensions;
        if (outDims.Length >= 2 && outDims.Skip(1).All(d => d > 0)) SampleShape = [.. outDims.Skip(1)];
        else
        {
            // Output shape not declared statically: what is declared must fit (a lower bound: the symbolic dimensions count as
            // 1), then the shape is learnt from one run; its size is checked below, before any batch runs.
            CheckOutput(FixedBatch ?? 1, outDims.Skip(1).Aggregate(1.0, (a, b) => b > 0 ? a * b : a), Format(outDims), "at least ");
            var (_, probeShape) = RunCore(new float[LatentSize * (FixedBatch ?? 1)], FixedBatch ?? 1);
            SampleShape = [.. probeShape.Skip(1).Select(d => d <= int.MaxValue ? (int)d : int.MaxValue)];
        }
        // One sample's output must fit one array (a 3×20000² image is 1.2·10⁹ values; a batch of them is checked in Run).
        var sampleValues = SampleShape.Aggregate(1.0, (a, b) => a * b);   // a double: three large dimensions overflow a long
        CheckOutput(FixedBatch ?? 1, sampleValues, Format(SampleShape), "");
        SampleSize = (int)sampleValues;
    }

    /// <summary>
    /// Refuses, in one line naming the model, a run of <paramref name="samples"/> samples of <paramref name="valuesPerSample"/>
    /// output values each that could not be held: more values than one array holds, or more memory than this process may use
    /// for ONNX Runtime's output and its copy (two float32 buffers).
    /// </summary>
    void CheckOutput(long samples, double valuesPerSample, string shape, string atLeast)
    {
        var values = samples * valuesPerSample;
        var what = string.Create(CultureInfo.InvariantCulture, $"{path}: the output of {samples:N0} sample{(samples == 1 ? "" : "s")} at a time ({shape}, {atLeast}{valuesPerSample:N0} values each)");
        if (values > Array.MaxLength)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{what} is {atLeast}{values:G4} values, more than one array holds ({Array.MaxLength:N0})"));
        MemoryBudget.Require(values * sizeof(float) * 2, what);
    }

    /// <summary>Refuses a run of <paramref name="n"/> samples whose output could not be held (<see cref="Run"/> checks it first;
    /// callers may check their batch size before they start).</summary>
    public void CheckBatch(int n)
    {
        CheckOutput(FixedBatch ?? n, SampleSize, Format(SampleShape), "");
        if (FixedBatch is { } b && b != n)   // the runs' outputs gathered in one array of n samples
            MemoryBudget.Elements(n, SampleSize, sizeof(float), $"{path}: the output of {n:N0} samples");
    }

    /// <summary>Opens <paramref name="path"/>; <paramref name="threads"/> intra-op threads, 0 = all cores (as the evaluator's other sessions);
    /// device "cpu", "cuda" or "cuda:N" (sessions are set up by <see cref="OrtSessionFactory"/>: a CUDA device that cannot be used is
    /// refused, never replaced by the CPU).</summary>
    /// <exception cref="InputException">The file is missing, not a valid ONNX model, or not shaped like a generator; or the device cannot be used.</exception>
    public static OnnxGenerator Open(string path, int threads = 0, string device = "cpu")
    {
        var where = OrtDevice.Parse(device);
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such file");
        var options = OrtSessionFactory.Create(where, threads);
        InferenceSession? session = null;
        try
        {
            try { session = new InferenceSession(path, options); }
            catch (OnnxRuntimeException e) { throw InputException.ForFile(path, "not a loadable ONNX model: " + FirstLine(e.Message)); }

            if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
                throw InputException.ForFile(path, $"a generator needs exactly one input and one output; this model has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs");
            var input = session.InputMetadata.Values.Single();
            if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
                throw InputException.ForFile(path, $"generator input must be a float32 tensor, not {input.ElementDataType}");
            var output = session.OutputMetadata.Values.Single();
            if (!output.IsTensor || output.ElementDataType != TensorElementType.Float)
                throw InputException.ForFile(path, $"generator output must be a float32 tensor, not {output.ElementDataType}");
            return new OnnxGenerator(session, path);
        }
        catch
        {
            session?.Dispose();
            throw;
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>Number of latent values per sample (product of the input's non-batch dimensions).</summary>
    public int LatentSize { get; }
    /// <summary>
    /// The batch size a model with a fixed batch dimension (input [1, zdim], as some exporters write) accepts, else null.
    /// <see cref="Run"/> then feeds it that many latents at a time (the last call padded with zeros), whatever n is.
    /// </summary>
    public int? FixedBatch => InputShape[0] > 0 ? InputShape[0] : null;
    /// <summary>The model's input shape, -1 for symbolic dimensions (e.g. [-1, 100, 1, 1]).</summary>
    public int[] InputShape { get; }
    /// <summary>Shape of one sample (output shape without the batch), e.g. [3, 32, 32] or [2].</summary>
    public int[] SampleShape { get; }
    /// <summary>Number of output values per sample.</summary>
    public int SampleSize { get; }
    /// <summary>The model's metadata_props.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
    /// <summary>Range of the output values, from metadata "output_range" (e.g. "[-1,1]"; "unbounded" = (−∞, ∞), used
    /// for 2-D toy samples); (-1, 1) when absent.</summary>
    public (float Low, float High) OutputRange { get; }
    public string InputName => inputName;
    public string OutputName => outputName;

    /// <summary>Runs <paramref name="n"/> latents (z: [n, LatentSize] row-major); returns [n, ...SampleShape] row-major.</summary>
    public float[] Run(float[] z, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (z.Length != (long)n * LatentSize)
            throw new ArgumentException($"z has {z.Length} values; expected n*LatentSize = {n}*{LatentSize}", nameof(z));
        CheckBatch(n);
        var data = FixedBatch is { } fixedBatch && fixedBatch != n ? RunInFixedBatches(z, n, fixedBatch) : RunCore(z, n).Data;
        if (data.Length != (long)n * SampleSize)
            throw new InvalidOperationException($"{path}: output has {data.Length} values; expected {n}*{SampleSize}");
        return data;
    }

    /// <summary>n latents through a model that only takes batches of <paramref name="batch"/>: chunk by chunk, the last zero-padded.</summary>
    float[] RunInFixedBatches(float[] z, int n, int batch)
    {
        var result = new float[(long)n * SampleSize];
        var chunk = new float[batch * LatentSize];
        for (var start = 0; start < n; start += batch)
        {
            var count = Math.Min(batch, n - start);
            Array.Clear(chunk);
            Array.Copy(z, (long)start * LatentSize, chunk, 0, (long)count * LatentSize);
            var (data, _) = RunCore(chunk, batch);
            if (data.Length != (long)batch * SampleSize)
                throw new InvalidOperationException($"{path}: output has {data.Length} values; expected {batch}*{SampleSize}");
            Array.Copy(data, 0, result, (long)start * SampleSize, (long)count * SampleSize);
        }
        return result;
    }

    (float[] Data, long[] Shape) RunCore(float[] z, int n)
    {
        var shape = new long[InputShape.Length];
        shape[0] = n;
        for (var i = 1; i < shape.Length; i++) shape[i] = InputShape[i];
        using var input = OrtValue.CreateTensorValueFromMemory(z, shape);
        using var runOptions = new RunOptions();
        IDisposableReadOnlyCollection<OrtValue> results;
        // A failure inside the model (a buffer ONNX Runtime cannot allocate for a shape only known at run time, a node that
        // refuses its input) is the model's: one line naming it.
        try { results = session.Run(runOptions, [inputName], [input], [outputName]); }
        catch (OnnxRuntimeException e) { throw InputException.ForFile(path, $"ONNX Runtime could not run the generator on {n} latents: {OrtErrors.Reason(e)}"); }
        using (results)
        {
            var output = results[0];
            var outShape = output.GetTensorTypeAndShape().Shape;
            if (outShape.Aggregate(1.0, (a, b) => a * b) > Array.MaxLength)
                throw InputException.ForFile(path, $"the output of {n} latents is [{string.Join(",", outShape)}], more values than one array holds");
            return (output.GetTensorDataAsSpan<float>().ToArray(), outShape);
        }
    }

    static (float, float) ParseRange(string path, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return OutputRangeParser.Default;
        if (OutputRangeParser.TryParse(text, out var range)) return range;
        throw InputException.ForFile(path, $"metadata output_range '{text}' is not of the form [low,high]");
    }

    static string Format(int[] shape) => "[" + string.Join(",", shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";
    static string FirstLine(string s) => s.Split('\n')[0].Trim();

    public void Dispose() => session.Dispose();
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MmaGan.Shared.IO;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Export;
using MmaGan.Train.Training;

namespace MmaGan.Train.Cli;

/// <summary>
/// <c>mmagan-train export RUN_DIR [--checkpoint STEP|step_NNNNNNNN.ckpt] [--out G.onnx] [--json]</c>: rebuilds the run's networks from
/// <c>RUN_DIR/config.json</c>, loads a checkpoint (the newest by default) and exports its generator to ONNX with the
/// ONNX Runtime parity check. <c>--out</c> defaults to <c>RUN_DIR/generator.onnx</c>. A run trained with
/// <c>--bn-recalibration N</c> has G's batch-norm statistics recomputed first (<see cref="BatchNormRecalibration"/>, seeded as
/// the trainer seeds it for that step: a no-op for checkpoints written by this version, an upgrade for older ones).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "a training run folder (config.json + checkpoints/)" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "checkpoint to export: a step number or a file name such as step_00000100.ckpt (default: the newest)" };
        var output = new Option<string?>("--out") { Description = "output .onnx path (default: RUN_DIR/generator.onnx)" };
        var json = new Option<bool>("--json") { Description = "print a JSON summary as the last line" };
        var command = new Command("export", "export a checkpoint's generator to ONNX (verified against TorchSharp in ONNX Runtime)");
        command.Arguments.Add(runDir);
        command.Options.Add(checkpoint);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(p => CliRunner.Run(() =>
        {
            var dir = p.GetValue(runDir)!;
            var outPath = p.GetValue(output) ?? Path.Combine(dir, "generator.onnx");
            OutputPath.File(outPath, "--out");
            var (step, diff) = ExportCheckpoint(dir, p.GetValue(checkpoint) is { } c ? CheckpointReference.ParseStep(c) : null, outPath);
            Console.WriteLine($"exported step {step} → {outPath} (parity: max |ONNX − TorchSharp| = {diff.ToString("G3", CultureInfo.InvariantCulture)})");
            if (p.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["out"] = outPath, ["step"] = step, ["max_abs_diff"] = diff }));
            return CliRunner.Ok;
        }));
        return command;
    }

    /// <summary>Loads checkpoint <paramref name="step"/> (null = newest) of <paramref name="runDir"/> and exports its generator.</summary>
    public static (long Step, double MaxAbsDiff) ExportCheckpoint(string runDir, long? step, string outPath)
    {
        if (!Directory.Exists(runDir)) throw InputException.ForFile(runDir, "no such run folder");
        var config = RunConfigFile.Read(runDir);
        var sampleShape = ReadSampleShape(runDir);
        var store = new CheckpointStore(runDir);
        var chosen = step ?? store.Latest() ?? throw InputException.ForFile(store.Folder, "no checkpoints in this run");
        using var state = new TrainingState(config with { Device = "cpu" }, sampleShape, TorchSharp.torch.CPU);
        store.Load(state, chosen);
        BatchNormRecalibration.Run(state, config);   // as the trainer does before saving: the same statistics for a checkpoint of this version, today's convention for an older one
        return (state.Step, TrainingStateExport.Export(state, outPath));
    }

    static long[] ReadSampleShape(string runDir)
    {
        var path = Path.Combine(runDir, "config.json");
        try
        {
            var contents = JsonSerializer.Deserialize<RunConfigFile.Contents>(File.ReadAllText(path), RunConfigFile.Json);
            if (contents?.SampleShape is not { Length: > 0 } shape) throw InputException.ForFile(path, "no sample_shape recorded");
            return shape;
        }
        catch (JsonException e)
        {
            throw InputException.ForFile(path, "unreadable sample_shape: " + e.Message);
        }
    }
}

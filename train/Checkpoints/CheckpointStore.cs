using System.Text;
using MmaGan.Shared.IO;
using MmaGan.Shared.Runs;
using MmaGan.Train.Training;
using static TorchSharp.torch;

namespace MmaGan.Train.Checkpoints;

/// <summary>
/// Checkpoints in <c>RUN/checkpoints/step_NNNNNNNN.ckpt</c>: magic, step, G, D (TorchSharp state dicts with buffers),
/// both optimizer states and the RNG state, written atomically (temp file + rename). The newest is found by listing the
/// folder (<see cref="Latest"/>); no pointer file is kept (a <c>latest</c> file left by older versions is ignored).
/// A kill at any moment leaves the previous checkpoint intact.
/// </summary>
public sealed class CheckpointStore(string runDir)
{
    const string Magic = "MMAGAN-CKPT-1";
    public string Folder { get; } = CheckpointFiles.Folder(runDir);

    public static string FileName(long step) => CheckpointFiles.FileName(step);

    public string Save(TrainingState state, int keep = 0)
    {
        var path = Path.Combine(Folder, FileName(state.Step));
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(state.Step);
            state.Generator.save(w);
            state.Discriminator.save(w);
            state.OptimizerG.save_state_dict(w);
            state.OptimizerD.save_state_dict(w);
            using var rng = state.Rng.get_state();
            var bytes = rng.cpu().bytes.ToArray();
            w.Write(bytes.Length);
            w.Write(bytes);
            w.Write(Magic);
        });
        if (keep > 0)
            foreach (var old in Steps().Where(s => s != state.Step).OrderDescending().Skip(keep))
                File.Delete(Path.Combine(Folder, FileName(old)));
        return path;
    }

    /// <summary>Steps of the checkpoints present, ascending.</summary>
    public IReadOnlyList<long> Steps() => CheckpointFiles.Steps(runDir);

    /// <summary>The newest checkpoint's step, or null when there is none.</summary>
    public long? Latest() => Steps() is { Count: > 0 } steps ? steps[^1] : null;

    /// <summary>Loads checkpoint <paramref name="step"/> into <paramref name="state"/>.</summary>
    public void Load(TrainingState state, long step)
    {
        var path = Path.Combine(Folder, FileName(step));
        if (!File.Exists(path)) throw InputException.ForFile(path, $"no checkpoint for step {step} (have: {string.Join(", ", Steps())})");
        try
        {
            using var stream = File.OpenRead(path);
            using var r = new BinaryReader(stream, Encoding.UTF8);
            if (r.ReadString() != Magic) throw InputException.ForFile(path, "not an MmaGan checkpoint");
            state.Step = r.ReadInt64();
            state.Generator.load(r);
            state.Discriminator.load(r);
            state.OptimizerG.load_state_dict(r);
            state.OptimizerD.load_state_dict(r);
            var bytes = r.ReadBytes(r.ReadInt32());
            using var rng = tensor(bytes, dtype: ScalarType.Byte);
            state.Rng.set_state(rng);
            if (r.ReadString() != Magic) throw InputException.ForFile(path, "checkpoint is truncated or corrupt");
        }
        catch (EndOfStreamException) { throw InputException.ForFile(path, "checkpoint is truncated"); }
        catch (Exception e) when (e is not InputException)
        {
            throw InputException.ForFile(path, "checkpoint does not match this run's networks: " + e.Message);
        }
    }
}

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
/// A kill at any moment leaves the previous checkpoint intact. Since version 2 the file ends with the SHA-256 of everything
/// before it, verified on load: flipped bytes (a bad disk, a bad copy) are refused in one line naming the file instead of
/// loading and sending the run to NaN hundreds of steps later. Version-1 files (no digest) still load.
/// </summary>
public sealed class CheckpointStore(string runDir)
{
    const string Magic = "MMAGAN-CKPT-2", MagicV1 = "MMAGAN-CKPT-1";
    const int DigestBytes = 32;
    public string Folder { get; } = CheckpointFiles.Folder(runDir);

    public static string FileName(long step) => CheckpointFiles.FileName(step);

    public string Save(TrainingState state, int keep = 0)
    {
        var path = Path.Combine(Folder, FileName(state.Step));
        AtomicFile.Write(path, stream =>
        {
            using var body = new MemoryStream();
            using var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true);
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
            w.Flush();
            body.Position = 0;
            body.CopyTo(stream);
            stream.Write(System.Security.Cryptography.SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
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

    /// <summary>The checkpoint's bytes without their digest, once the digest matches (version 2); a version-1 file as it is.</summary>
    static byte[] Verified(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var v2 = Encoding.UTF8.GetBytes(Magic);
        if (bytes.Length < 1 + v2.Length || bytes[0] != v2.Length || !bytes.AsSpan(1, v2.Length).SequenceEqual(v2)) return bytes;
        if (bytes.Length < 1 + v2.Length + DigestBytes) throw InputException.ForFile(path, "checkpoint is truncated");
        var body = bytes.AsSpan(0, bytes.Length - DigestBytes);
        if (!System.Security.Cryptography.SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - DigestBytes)))
            throw InputException.ForFile(path, "checkpoint is corrupt: its SHA-256 does not match the digest stored in it (a damaged disk or copy); resume from an earlier checkpoint or delete this one");
        return body.ToArray();
    }

    /// <summary>Loads checkpoint <paramref name="step"/> into <paramref name="state"/>.</summary>
    public void Load(TrainingState state, long step)
    {
        var path = Path.Combine(Folder, FileName(step));
        if (!File.Exists(path)) throw InputException.ForFile(path, $"no checkpoint for step {step} (have: {string.Join(", ", Steps())})");
        try
        {
            using var stream = new MemoryStream(Verified(path));
            using var r = new BinaryReader(stream, Encoding.UTF8);
            var magic = r.ReadString();
            if (magic is not (Magic or MagicV1)) throw InputException.ForFile(path, "not an MmaGan checkpoint");
            state.Step = r.ReadInt64();
            state.Generator.load(r);
            state.Discriminator.load(r);
            state.OptimizerG.load_state_dict(r);
            state.OptimizerD.load_state_dict(r);
            var bytes = r.ReadBytes(r.ReadInt32());
            using var rng = tensor(bytes, dtype: ScalarType.Byte);
            state.Rng.set_state(rng);
            if (r.ReadString() != magic) throw InputException.ForFile(path, "checkpoint is truncated or corrupt");
        }
        catch (EndOfStreamException) { throw InputException.ForFile(path, "checkpoint is truncated"); }
        catch (Exception e) when (e is not InputException)
        {
            throw InputException.ForFile(path, "checkpoint does not match this run's networks: " + e.Message);
        }
    }
}

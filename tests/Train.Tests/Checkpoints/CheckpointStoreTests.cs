using MmaGan.TestSupport;
using MmaGan.Train.Checkpoints;
using MmaGan.Train.Config;
using MmaGan.Train.Training;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Checkpoints;

public class CheckpointStoreTests
{
    /// <summary>Only step files are written; the newest is found from them, also in a run folder from an older version
    /// that still holds a <c>latest</c> pointer file (here pointing at a step that no longer exists).</summary>
    [Fact]
    public void NewestCheckpointComesFromTheStepFilesAlone()
    {
        var run = SharedFixtures.TempDir();
        var store = new CheckpointStore(run);
        using var state = new TrainingState(new TrainConfig { K = 2 }, [2], CPU);
        foreach (var step in new long[] { 10, 20 })
        {
            state.Step = step;
            store.Save(state);
        }
        Assert.Equal([CheckpointStore.FileName(10), CheckpointStore.FileName(20)],
            Directory.GetFiles(store.Folder).Select(Path.GetFileName).Order());
        File.WriteAllText(Path.Combine(store.Folder, "latest"), CheckpointStore.FileName(5) + "\n");
        Assert.Equal(20, store.Latest());
        using var resumed = new TrainingState(new TrainConfig { K = 2 }, [2], CPU);
        store.Load(resumed, store.Latest()!.Value);
        Assert.Equal(20, resumed.Step);
        Directory.Delete(run, true);
    }

    /// <summary>64 flipped bytes used to load, and the run went NaN at step 502. The stored SHA-256 refuses
    /// them in one line naming the file; a version-1 checkpoint (no digest) still loads.</summary>
    [Fact]
    public void FlippedBytesAreRefusedAndVersion1StillLoads()
    {
        var run = SharedFixtures.TempDir();
        var store = new CheckpointStore(run);
        using var state = new TrainingState(new TrainConfig { K = 2 }, [2], CPU);
        state.Step = 7;
        var path = store.Save(state);
        var good = File.ReadAllBytes(path);

        var bad = (byte[])good.Clone();
        for (var i = 0; i < 64; i++) bad[bad.Length / 2 + i] ^= 0x5A;
        File.WriteAllBytes(path, bad);
        using var resumed = new TrainingState(new TrainConfig { K = 2 }, [2], CPU);
        var e = Assert.Throws<MmaGan.Shared.IO.InputException>(() => store.Load(resumed, 7));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("SHA-256 does not match", e.Message);

        // Version 1: the same body under the old magic, no digest.
        var v1 = good.AsSpan(0, good.Length - 32).ToArray();
        var text = System.Text.Encoding.ASCII;
        foreach (var at in new[] { 1, v1.Length - 13 }) text.GetBytes("MMAGAN-CKPT-1").CopyTo(v1, at);
        File.WriteAllBytes(path, v1);
        store.Load(resumed, 7);
        Assert.Equal(7, resumed.Step);
        Directory.Delete(run, true);
    }
}

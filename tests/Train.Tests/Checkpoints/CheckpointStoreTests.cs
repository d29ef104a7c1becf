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
}

using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.IO;

/// <summary>One writer per run or sweep folder: two would interleave their checkpoints and rows.</summary>
public class FolderLockTests
{
    [Fact]
    public void SecondWriterIsRefusedInOneLineUntilTheFirstReleases()
    {
        var dir = SharedFixtures.TempDir();
        using (FolderLock.Acquire(dir, "run folder"))
        {
            var e = Assert.Throws<InputException>(() => FolderLock.Acquire(dir, "run folder"));
            Assert.StartsWith($"{dir}: this run folder is in use by another process", e.Message);
            Assert.Single(e.Message.Split('\n'));
            Assert.Contains($"(pid {Environment.ProcessId})", e.Message);
        }
        using (FolderLock.Acquire(dir, "run folder")) { }   // released on dispose (and by the OS when a holder dies)
        Directory.Delete(dir, true);
    }
}

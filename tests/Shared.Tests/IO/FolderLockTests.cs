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
    /// <summary>a finished run kept .lock and .lock.pid; releasing the lock now removes them (Linux), and a
    /// process that locked the file just as its holder removed it locks the new file instead.</summary>
    [Fact]
    public void ReleasingTheLockRemovesItsFiles()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = SharedFixtures.TempDir();
        using (FolderLock.Acquire(dir, "run folder"))
        {
            Assert.True(File.Exists(Path.Combine(dir, FolderLock.FileName)));
            Assert.True(File.Exists(Path.Combine(dir, FolderLock.OwnerFileName)));
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        // A lock file removed under its holder (as a release does): the next writer locks a file at the path, which a third then sees held.
        var first = FolderLock.Acquire(dir, "run folder");
        File.Delete(Path.Combine(dir, FolderLock.FileName));
        using (FolderLock.Acquire(dir, "run folder"))
        {
            Assert.True(File.Exists(Path.Combine(dir, FolderLock.FileName)));
            Assert.Throws<InputException>(() => FolderLock.Acquire(dir, "run folder"));
        }
        first.Dispose();
        Directory.Delete(dir, true);
    }
}

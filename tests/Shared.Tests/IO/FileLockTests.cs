using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.IO;

/// <summary>Read-modify-write appends under the report's lock keep every row, however many writers.</summary>
public class FileLockTests
{
    [Fact]
    public void ConcurrentAppendersUnderTheLockKeepEveryRow()
    {
        var dir = SharedFixtures.TempDir();
        var report = Path.Combine(dir, "r.csv");
        const int writers = 8, rows = 10;
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
        {
            for (var i = 0; i < rows; i++)
            {
                using var l = FileLock.Acquire(report, TimeSpan.FromMinutes(1));
                var existing = File.Exists(report) ? File.ReadAllText(report) : "";
                Thread.Sleep(1);   // widen the read-to-rename window that lost rows without the lock
                AtomicFile.WriteAllText(report, existing + $"{w},{i}\n");
            }
        });
        var lines = File.ReadAllLines(report);
        Assert.Equal(writers * rows, lines.Length);
        Assert.Equal(writers * rows, lines.Distinct().Count());
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.Contains(".tmp-"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AHeldLockIsWaitedForThenRefusedInOneLine()
    {
        var dir = SharedFixtures.TempDir();
        var report = Path.Combine(dir, "r.csv");
        using (FileLock.Acquire(report, TimeSpan.FromSeconds(1)))
        {
            var e = Assert.Throws<InputException>(() => FileLock.Acquire(report, TimeSpan.FromMilliseconds(200)));
            Assert.StartsWith($"{report}: another process has held it for over", e.Message);
        }
        using (FileLock.Acquire(report, TimeSpan.FromSeconds(1))) { }   // released on dispose
        Directory.Delete(dir, true);
    }
}

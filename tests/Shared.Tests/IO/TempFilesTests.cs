using System.Diagnostics;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.IO;

/// <summary>Temp files of killed writers are removed by the next write into their folder.</summary>
public class TempFilesTests
{
    static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void TempNamesCarryPidAndHost()
    {
        var name = Path.GetFileName(TempFiles.For("/x/y/s_feat.npy"));
        Assert.StartsWith($".s_feat.npy.tmp-{Environment.ProcessId}-", name);
        Assert.False(TempFiles.IsStale(Path.Combine("/x/y", name)));   // ours: alive
    }

    [Fact]
    public void NextAtomicWriteRemovesTempFilesOfDeadProcessesOnly()
    {
        var dir = SharedFixtures.TempDir();
        var dead = DeadPid();
        var mine = Path.GetFileName(TempFiles.For(Path.Combine(dir, "b.ckpt")));
        var stale = Path.Combine(dir, mine.Replace($".tmp-{Environment.ProcessId}-", $".tmp-{dead}-"));
        var live = Path.Combine(dir, mine);
        var otherHost = Path.Combine(dir, $".c.npy.tmp-{dead}-someotherhost-{Guid.NewGuid():N}");
        foreach (var f in new[] { stale, live, otherHost }) File.WriteAllBytes(f, new byte[1000]);
        Assert.True(TempFiles.IsStale(stale));

        AtomicFile.WriteAllText(Path.Combine(dir, "next.txt"), "x");

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));        // a live process (this one) may still be writing it
        Assert.True(File.Exists(otherHost));   // another machine's process: cannot tell, left alone
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ALockHolderRemovesLegacyExportTemporariesOfDeadProcesses_NothingElseChanges()
    {
        var dir = SharedFixtures.TempDir();
        var dead = DeadPid();
        var legacyExport = Path.Combine(dir, $".generator.onnx.export-{dead}-{Guid.NewGuid():N}.tmp");
        var otherHost = Path.Combine(dir, $".c.npy.tmp-{dead}-someotherhost-{Guid.NewGuid():N}");
        var legacyTmp = Path.Combine(dir, $".d.npy.tmp-{dead}-{Guid.NewGuid():N}");   // fresh: a day's grace
        foreach (var f in new[] { legacyExport, otherHost, legacyTmp }) File.WriteAllBytes(f, new byte[10]);
        Assert.Equal(0, TempFiles.CleanStale(dir));
        Assert.Equal(1, TempFiles.CleanStaleLocked(dir));
        Assert.False(File.Exists(legacyExport));
        Assert.True(File.Exists(otherHost));
        Assert.True(File.Exists(legacyTmp));
        Directory.Delete(dir, true);
    }
}

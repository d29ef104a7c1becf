using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using MmaGan.Train.Cli;
using Xunit;

namespace MmaGan.Train.Tests.Cli;

/// <summary>An unusable --out, a run folder another trainer is writing, or an unknown flag is refused in one line (exit 2).</summary>
public class TrainCommandGuardsTests
{
    /// <summary>Runs mmagan-train's root command in process; its exit code and what it wrote to stderr.</summary>
    internal static (int Code, string Err) Invoke(params string[] args)
    {
        var root = TrainCommand.Create(exportHook: null);
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ToyReportCommand.Create());
        var old = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try { return (Shared.Cli.CommandLine.Run(root, args), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Theory]
    [InlineData("/proc/x/run", "--out /proc/x/run: is under /proc")]
    [InlineData("/dev/null", "--out /dev/null: ")]
    public void UnusableRunFolderIsOneLineExit2(string outDir, string expected)
    {
        var (code, err) = Invoke("--data", "ring8", "--out", outDir, "--steps", "1");
        Assert.Equal(2, code);
        Assert.StartsWith("error: " + expected, Assert.Single(err.Trim().Split('\n')));
    }

    /// <summary>The README's command table lists every command of mmagan-train with the description its --help shows, and nothing else.</summary>
    [Fact]
    public void TheReadmeCommandTableAgreesWithHelp() => MmaGan.TestSupport.ReadmeCommands.AssertAgree("mmagan-train", global::MmaGan.Train.Program.BuildRoot());

    /// <summary>The trainer's CPU build refuses --device cuda in one line that names the CUDA build and its packages,
    /// before anything of the run is written (the evaluator's GPU build does not change the trainer).</summary>
    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void CpuBuildRefusesCudaInOneLine(string device)
    {
        Assert.False(MmaGan.Train.Runtime.DeviceSelector.CudaBuild);
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var (code, err) = Invoke("--data", "ring8", "--out", dir, "--steps", "1", "--device", device);
        Assert.Equal(2, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: --device {device}: this is the CPU build of mmagan-train", line);
        Assert.Contains("TorchSharp-cuda-linux", line);
        Assert.Contains("make build TRAIN_CUDA=1", line);
        // nothing of a run is written (the folder lock, taken first, is all there may be)
        Assert.All(Directory.Exists(dir) ? Directory.GetFileSystemEntries(dir) : [], f => Assert.StartsWith(".lock", Path.GetFileName(f)));
    }

    /// <summary>A finished run kept .lock and .lock.pid; now the lock goes with the process that held it.</summary>
    [Fact]
    public void AFinishedRunKeepsNoLockFiles()
    {
        if (!OperatingSystem.IsLinux()) return;
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var (code, err) = Invoke("--data", "ring8", "--out", dir, "--steps", "3", "--no-export");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(dir, "config.json")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(dir), f => Path.GetFileName(f) is FolderLock.FileName or FolderLock.OwnerFileName);
        Directory.Delete(Path.GetDirectoryName(dir)!, true);
    }

    /// <summary>A bad setting is refused before the run folder exists (it used to be left holding
    /// only .lock and .lock.pid); more threads than cores is refused (1000 took 32 s for 5 steps, then ran out of memory).</summary>
    [Theory]
    [InlineData("--steps", "-5", "error: --steps must be positive")]
    [InlineData("--threads", "1000", "error: --threads 1000: more than the")]
    public void ABadSettingLeavesNoRunFolder(string flag, string value, string expected)
    {
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var (code, err) = Invoke("--data", "ring8", "--out", dir, flag, value);
        Assert.Equal(2, code);
        Assert.StartsWith(expected, Assert.Single(err.Trim().Split('\n')));
        Assert.False(Directory.Exists(dir), "the run folder was created");
    }

    /// <summary>An images: folder with a text file named .png gave an AggregateException (exit 1)
    /// and left the run folder holding .lock and .lock.pid.</summary>
    [SharedFact]
    public void AnUnreadableImageIsOneLineExit2_NoRunFolderLeft()
    {
        var images = Directory.CreateDirectory(Path.Combine(SharedFixtures.TempDir(), "images")).FullName;
        foreach (var png in Directory.GetFiles(SharedFixtures.Reference("images"), "*.png").Take(6)) File.Copy(png, Path.Combine(images, Path.GetFileName(png)));
        File.WriteAllText(Path.Combine(images, "bad.png"), "not an image");
        var dir = Path.Combine(SharedFixtures.TempDir(), "run");
        var (code, err) = Invoke("--method", "dcgan", "--data", "images:" + images, "--out", dir, "--steps", "1", "--batch", "4", "--base-width", "8", "--conv-backend", "gemm");
        Assert.Equal(2, code);
        var line = Assert.Single(err.Trim().Split('\n'), l => l.StartsWith("error:"));
        Assert.Equal($"error: {Path.Combine(images, "bad.png")}: not a readable PNG/JPEG/BMP/TGA/GIF image (unknown image type)", line);
        Assert.False(Directory.Exists(dir), "the run folder was left");
    }

    [Fact]
    public void UnknownFlagsAreOneLineExit2NamingTheNearest()
    {
        var (code, err) = Invoke("--data", "ring8", "--out", SharedFixtures.TempDir(), "--stpes", "1");
        Assert.Equal(2, code);
        Assert.EndsWith("unknown option '--stpes' (did you mean --steps?)", Assert.Single(err.Trim().Split('\n')));
    }

    [Fact]
    public void ExportAndToyReportRefuseUnusableOut()
    {
        var dir = SharedFixtures.TempDir();
        Assert.Equal(2, Invoke("export", dir, "--out", "/proc/g.onnx").Code);
        var (code, err) = Invoke("toy-report", dir, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains($"--out {dir}: is a folder", err);
        Directory.Delete(dir, true);
    }

    /// <summary>A checkpoint temp file of a killed trainer is removed when the next run starts in that folder.</summary>
    [Fact]
    public void StaleCheckpointTempFilesAreRemovedAtStart()
    {
        var dir = SharedFixtures.TempDir();
        var checkpoints = Directory.CreateDirectory(Path.Combine(dir, "checkpoints")).FullName;
        using var dead = System.Diagnostics.Process.Start("true")!;
        dead.WaitForExit();
        var stale = TempFiles.For(Path.Combine(checkpoints, "step_00000100.ckpt")).Replace($".tmp-{Environment.ProcessId}-", $".tmp-{dead.Id}-");
        File.WriteAllBytes(stale, new byte[100]);
        Invoke("--data", "nonexistent-spec:x", "--out", dir, "--steps", "1");   // fails on the data spec, after the cleanup
        Assert.False(File.Exists(stale));
        Directory.Delete(dir, true);
    }

    /// <summary>An export killed by a build before the standard temporary name left <c>.generator.onnx.export-PID-GUID.tmp</c>,
    /// which no run removed: the next run in the folder (which holds its lock) removes it at once, a live process's is kept.</summary>
    [Fact]
    public void LegacyExportTempFilesAreRemovedAtStart()
    {
        var dir = SharedFixtures.TempDir();
        using var dead = System.Diagnostics.Process.Start("true")!;
        dead.WaitForExit();
        var stale = Path.Combine(dir, $".generator.onnx.export-{dead.Id}-{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(dir, $".generator.onnx.export-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { stale, live }) File.WriteAllBytes(f, new byte[100]);
        Assert.False(TempFiles.IsStale(stale));   // without the folder's lock: a day's grace, as the other legacy names
        Invoke("--data", "nonexistent-spec:x", "--out", dir, "--steps", "1");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void SecondWriterOfARunFolderIsRefused()
    {
        var dir = SharedFixtures.TempDir();
        using (FolderLock.Acquire(dir, "run folder"))   // stands for a live trainer writing the folder
        {
            var (code, err) = Invoke("--data", "ring8", "--out", dir, "--steps", "1", "--resume");
            Assert.Equal(2, code);
            Assert.StartsWith($"error: {dir}: this run folder is in use by another process", Assert.Single(err.Trim().Split('\n')));
        }
        Directory.Delete(dir, true);
    }
}

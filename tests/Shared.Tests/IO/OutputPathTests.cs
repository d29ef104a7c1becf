using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.IO;

/// <summary>Unusable output paths are refused up front (not after hours of work), in one line naming the path and the problem.</summary>
public class OutputPathTests
{
    [Theory]
    [InlineData("/proc/x/out.npz", "is under /proc")]
    [InlineData("/dev/null", "is under /dev")]
    [InlineData("/sys/x.csv", "is under /sys")]
    public void SystemAndDevicePathsAreRefusedAsFiles(string path, string problem)
    {
        var e = Assert.Throws<InputException>(() => OutputPath.File(path, "--out"));
        Assert.StartsWith($"--out {path}: {problem}", e.Message);
    }

    [Theory]
    [InlineData("/proc/x")]
    [InlineData("/dev/null")]
    public void SystemAndDevicePathsAreRefusedAsFolders(string path)
    {
        var e = Assert.Throws<InputException>(() => OutputPath.Folder(path, "--out"));
        Assert.StartsWith($"--out {path}: ", e.Message);
        Assert.Single(e.Message.Split('\n'));
    }

    [Fact]
    public void FileWhereAFolderIsNeededAndTheReverse()
    {
        var dir = SharedFixtures.TempDir();
        var file = Path.Combine(dir, "existing.txt");
        File.WriteAllText(file, "x");
        Assert.Equal($"--out {file}: exists and is a file; a folder is needed", Assert.Throws<InputException>(() => OutputPath.Folder(file, "--out")).Message);
        Assert.Equal($"--out {dir}: is a folder; a file path is needed", Assert.Throws<InputException>(() => OutputPath.File(dir, "--out")).Message);
        var under = Path.Combine(file, "sub", "out.npz");
        Assert.Equal($"--out {under}: cannot be created: {file} is a file, not a folder", Assert.Throws<InputException>(() => OutputPath.File(under, "--out")).Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ReadOnlyFolderIsRefused()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root") return;   // root writes anywhere; /proc above covers the refusal path
        var dir = SharedFixtures.TempDir();
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var e = Assert.Throws<InputException>(() => OutputPath.File(Path.Combine(dir, "a.npz"), "--out"));
            Assert.Contains("is not writable", e.Message);
        }
        finally { File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }

    [Fact]
    public void UsablePathsPassAndFoldersAreCreated()
    {
        var dir = SharedFixtures.TempDir();
        var file = Path.Combine(dir, "a", "b", "out.npz");
        Assert.Equal(file, OutputPath.File(file, "--out"));
        Assert.True(Directory.Exists(Path.GetDirectoryName(file)));
        var folder = Path.Combine(dir, "x", "y");
        Assert.Equal(folder, OutputPath.Folder(folder, "--out"));
        Assert.True(Directory.Exists(folder));
        Assert.Empty(Directory.GetFiles(folder));   // the write probe leaves nothing
        var later = Path.Combine(dir, "later", "z");
        Assert.Equal(later, OutputPath.Folder(later, "--out", create: false));
        Assert.False(Directory.Exists(Path.Combine(dir, "later")));
        Directory.Delete(dir, true);
    }
}

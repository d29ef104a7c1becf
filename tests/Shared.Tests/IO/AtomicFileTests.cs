using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WritesCompleteContentAndLeavesNoTemporaryFile()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "sub", "out.txt");
        AtomicFile.WriteAllText(path, "hello");
        Assert.Equal("hello", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void FailedWriteKeepsOldContentAndRemovesTemporaryFile()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "out.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void InputExceptionNamesTheFile()
    {
        var e = InputException.ForFile("/x/y.npz", "missing array 'mu'");
        Assert.Equal("/x/y.npz: missing array 'mu'", e.Message);
    }
}

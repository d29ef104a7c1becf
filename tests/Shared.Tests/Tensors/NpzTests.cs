using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Tensors;

public class NpzTests
{
    [SharedTheory]
    [InlineData("stats_a_64.npz", 64)]
    [InlineData("stats_b_256.npz", 256)]
    public void ReadsPytorchFidStatistics(string name, int dim)
    {
        var z = Npz.Read(SharedFixtures.Reference(name));
        Assert.Equal(new long[] { dim }, z["mu"].Shape);
        Assert.Equal(new long[] { dim, dim }, z["sigma"].Shape);
        Assert.Equal("<f8", z["sigma"].Dtype);
        var s = z["sigma"].AsDouble();
        Assert.Equal(s[1 * dim + 2], s[2 * dim + 1]); // symmetric
    }

    [Fact]
    public void RoundTrips()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "s.npz");
        var arrays = new Dictionary<string, NpyArray>
        {
            ["mu"] = NpyArray.Of(new double[] { 1, 2 }),
            ["sigma"] = NpyArray.Of(new double[] { 1, 0.5, 0.5, 2 }, 2, 2),
            ["n"] = NpyArray.Scalar(7L),
            ["x"] = NpyArray.Of(new float[24], 2, 3, 4),
        };
        Npz.Write(path, arrays);
        var back = Npz.Read(path);
        Assert.Equal(arrays.Keys.Order(), back.Keys.Order());
        Assert.Equal(new double[] { 1, 0.5, 0.5, 2 }, back["sigma"].AsDouble());
        Assert.Equal(new long[] { 2, 2 }, back["sigma"].Shape);
        Assert.Equal(7L, back["n"].AsInt64()[0]);
        Assert.Equal(new long[] { 2, 3, 4 }, back["x"].Shape);
        Assert.Single(Directory.GetFiles(dir)); // no temp files left
        Directory.Delete(dir, true);
    }

    [Fact]
    public void CorruptFileNamesTheFile()
    {
        var dir = SharedFixtures.TempDir();
        var path = Path.Combine(dir, "bad.npz");
        File.WriteAllText(path, "not a zip");
        var e = Assert.Throws<InputException>(() => Npz.Read(path));
        Assert.Contains("bad.npz", e.Message);
        Directory.Delete(dir, true);
    }
}

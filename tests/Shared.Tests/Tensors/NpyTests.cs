using MmaGan.Shared.IO;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Tensors;

public class NpyTests
{
    [SharedTheory]
    [InlineData("expected_lpips.npy", new long[] { 8 })]
    [InlineData("expected_pool3.npy", new long[] { 16, 2048 })]
    [InlineData("isc_logits.npy", new long[] { 500, 1008 })]
    [InlineData("generator_expected.npy", new long[] { 4, 3, 32, 32 })]
    [InlineData("generator_z.npy", new long[] { 4, 100, 1, 1 })]
    public void ReadsNumpyWrittenFloat32(string name, long[] shape)
    {
        var a = Npy.Read(SharedFixtures.Reference(name));
        Assert.Equal(shape, a.Shape);
        Assert.Equal("<f4", a.Dtype);
        var f = Assert.IsType<float[]>(a.Data);
        Assert.Equal(a.Count, f.Length);
        Assert.All(f, v => Assert.True(float.IsFinite(v)));
    }

    [SharedFact]
    public void Pool3MatchesManifestAbsMean()
    {
        var f = Npy.Read(SharedFixtures.Reference("expected_pool3.npy")).AsFloat();
        var mean = f.Average(v => Math.Abs((double)v));
        Assert.Equal(0.973159, mean, 5);
    }

    [SharedFact]
    public void LogitsDifferByBiasOnly()
    {
        // expected_logits = expected_logits_unbiased + fc.bias: the difference is the same in every row.
        var a = Npy.Read(SharedFixtures.Reference("expected_logits.npy")).AsFloat();
        var b = Npy.Read(SharedFixtures.Reference("expected_logits_unbiased.npy")).AsFloat();
        for (var j = 0; j < 1008; j += 97)
            Assert.Equal(a[j] - b[j], a[5 * 1008 + j] - b[5 * 1008 + j], 3);
    }

    [Theory]
    [InlineData(new long[] { 7 })]
    [InlineData(new long[] { 3, 5 })]
    [InlineData(new long[] { 2, 3, 4 })]
    [InlineData(new long[] { 2, 3, 2, 2 })]
    [InlineData(new long[] { 0, 4 })]
    public void RoundTripsFloat32AndFloat64(long[] shape)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var rng = new Random(3);
        var f = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var d = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 1e10).ToArray();
        var dir = SharedFixtures.TempDir();
        Npy.Write(Path.Combine(dir, "f.npy"), f, shape);
        Npy.Write(Path.Combine(dir, "d.npy"), d, shape);
        var rf = Npy.Read(Path.Combine(dir, "f.npy"));
        var rd = Npy.Read(Path.Combine(dir, "d.npy"));
        Assert.Equal(shape, rf.Shape);
        Assert.Equal("<f4", rf.Dtype);
        Assert.Equal(f, rf.AsFloat());
        Assert.Equal(shape, rd.Shape);
        Assert.Equal("<f8", rd.Dtype);
        Assert.Equal(d, rd.AsDouble());
        Directory.Delete(dir, true);
    }

    [Fact]
    public void HeaderIsNumpyCompatible()
    {
        var ms = new MemoryStream();
        Npy.Write(ms, new float[] { 1, 2, 3 }, 3);
        var bytes = ms.ToArray();
        Assert.Equal(128 + 12, bytes.Length); // numpy: data starts at byte 128 (64-byte aligned)
        var header = System.Text.Encoding.Latin1.GetString(bytes, 10, 118);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header);
        Assert.EndsWith("\n", header);
    }

    [Fact]
    public void RoundTripsInt64AndScalars()
    {
        var ms = new MemoryStream();
        Npy.Write(ms, NpyArray.Scalar(50000L));
        ms.Position = 0;
        var a = Npy.Read(ms, "mem");
        Assert.Empty(a.Shape);
        Assert.Equal(1, a.Count);
        Assert.Equal(50000L, a.AsInt64()[0]);
        Assert.Equal(50000.0, a.AsDouble()[0]);
    }

    [Fact]
    public void RejectsFortranOrderTruncatedAndGarbage()
    {
        var ms = new MemoryStream();
        Npy.Write(ms, new double[] { 1, 2, 3, 4 }, 2, 2);
        var good = ms.ToArray();
        var fortran = (byte[])good.Clone();
        var text = System.Text.Encoding.Latin1.GetString(fortran).Replace("'fortran_order': False", "'fortran_order': True ");
        fortran = System.Text.Encoding.Latin1.GetBytes(text);
        var e = Assert.Throws<InputException>(() => Npy.Read(new MemoryStream(fortran), "f.npy"));
        Assert.Contains("f.npy", e.Message);
        Assert.Contains("fortran", e.Message);
        Assert.Throws<InputException>(() => Npy.Read(new MemoryStream(good[..^3]), "t.npy"));
        Assert.Throws<InputException>(() => Npy.Read(new MemoryStream("hello world"u8.ToArray()), "g.npy"));
        Assert.Throws<InputException>(() => Npy.Read("/nonexistent/x.npy"));
    }
}

using System.Text.Json;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Shared.Tests.Pth;

public class PthFileTests
{
    static string PthFixture(string name) => SharedFixtures.Path_("fixtures", "pth", name);
    static string Lpips(string net) => SharedFixtures.Path_("weights", "lpips-v0.1", net + ".pth");

    [SharedTheory]
    [InlineData("mixed_legacy.pth", PthFormat.Legacy)]
    [InlineData("mixed_zip.pth", PthFormat.Zip)]
    public void MixedFile_MatchesManifestAndExpectedValues(string file, PthFormat format)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(PthFixture("manifest.json")));
        using var pth = PthFile.Open(PthFixture(file));
        Assert.Equal(format, pth.Format);
        Assert.Equal(0, pth.MissingBytes);
        var tensors = manifest.RootElement.GetProperty("tensors");
        Assert.Equal(tensors.EnumerateObject().Select(p => p.Name), pth.Tensors.Select(t => t.Name));
        foreach (var p in tensors.EnumerateObject())
        {
            var info = pth[p.Name];
            Assert.Equal(p.Value.GetProperty("dtype").GetString(), info.Dtype.Name);
            Assert.Equal(p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), info.Shape);
            Assert.Equal(p.Value.GetProperty("stride").EnumerateArray().Select(e => e.GetInt64()), info.Stride);
            Assert.Equal(p.Value.GetProperty("storage_offset").GetInt64(), info.StorageOffset);
            var expected = Npy.Read(PthFixture($"expected_{p.Name}.npy"));
            Assert.Equal(expected.Shape, info.Shape);
            Assert.Equal(expected.AsDouble(), pth.ReadDouble(p.Name));
            Assert.Equal(expected.AsDouble().Select(v => (float)v), pth.ReadFloat(p.Name));
        }
        Assert.Equal(Npy.Read(PthFixture("expected_c.npy")).AsDouble().Select(v => (long)v), pth.ReadInt64("c"));
        Assert.Equal("a", pth["a_t"].StorageKey == pth["a"].StorageKey ? "a" : "different storages");
    }

    [SharedFact]
    public void LpipsZipCopy_EqualsLegacyOriginal_AndLoadsCudaStoragesOnCpu()
    {
        using var legacy = PthFile.Open(Lpips("alex"));
        using var zip = PthFile.Open(PthFixture("lpips_alex_v0.1_zip.pth"));
        Assert.Equal(PthFormat.Legacy, legacy.Format);
        Assert.Equal(PthFormat.Zip, zip.Format);
        Assert.StartsWith("cuda", legacy.Tensors[0].Location);
        Assert.Equal(legacy.Tensors.Select(t => t.Name), zip.Tensors.Select(t => t.Name));
        foreach (var t in legacy.Tensors)
        {
            Assert.Equal(t.Shape, zip[t.Name].Shape);
            Assert.Equal(legacy.ReadFloat(t.Name), zip.ReadFloat(t.Name));
        }
    }

    [SharedTheory]
    [InlineData("alex", new long[] { 64, 192, 384, 256, 256 })]
    [InlineData("vgg", new long[] { 64, 128, 256, 512, 512 })]
    [InlineData("squeeze", new long[] { 64, 128, 256, 384, 384, 512, 512 })]
    public void RealLpipsWeights_HaveOfficialNamesShapesAndNonNegativeValues(string net, long[] channels)
    {
        using var pth = PthFile.Open(Lpips(net));
        Assert.Equal(channels.Select((_, i) => $"lin{i}.model.1.weight"), pth.Tensors.Select(t => t.Name));
        for (var i = 0; i < channels.Length; i++)
        {
            var t = pth[$"lin{i}.model.1.weight"];
            Assert.Equal("float32", t.Dtype.Name);
            Assert.Equal(new long[] { 1, channels[i], 1, 1 }, t.Shape);
            var values = pth.ReadFloat(t.Name);
            Assert.Equal(channels[i], values.Length);
            Assert.All(values, v => Assert.True(v >= 0));
            Assert.Contains(values, v => v > 0);
        }
    }

    [SharedFact]
    public void ReferenceWeights_ListOfficialKeys()
    {
        using var fid = PthFile.Open(SharedFixtures.Reference("fid_inception_random.pth"));
        Assert.Equal(566, fid.Tensors.Count);
        Assert.Equal(new long[] { 1008, 2048 }, fid["fc.weight"].Shape);
        Assert.Equal(new long[] { 32, 3, 3, 3 }, fid["Conv2d_1a_3x3.conv.weight"].Shape);
        Assert.Equal(1008 * 2048, fid.ReadFloat("fc.weight").Length);
        using var alex = PthFile.Open(SharedFixtures.Reference("alexnet_features_random.pth"));
        Assert.Equal(new[] { "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias", "features.6.weight",
            "features.6.bias", "features.8.weight", "features.8.bias", "features.10.weight", "features.10.bias" }, alex.Tensors.Select(t => t.Name));
        Assert.Equal(new long[] { 64, 3, 11, 11 }, alex["features.0.weight"].Shape);
    }

    [SharedFact]
    public void TruncatedOfficialInception_ListsStructure_ButRefusesToLoad()
    {
        var path = SharedFixtures.Path_("fixtures", "truncated", "pt_inception-2015-12-05-6726825d.partial.pth");
        using var pth = PthFile.Open(path);
        Assert.Equal(566, pth.Tensors.Count);
        Assert.Equal(new long[] { 1008, 2048 }, pth["fc.weight"].Shape);
        Assert.True(pth.MissingBytes > 90_000_000, $"missing {pth.MissingBytes}");
        var e = Assert.Throws<InputException>(() => pth.ReadFloat("fc.weight"));
        Assert.Contains($"truncated: {pth.MissingBytes} bytes missing", e.Message);
        Assert.Throws<InputException>(pth.Validate);
    }

    static string CorruptCopy(string source, Func<byte[], byte[]> corrupt)
    {
        var path = Path.Combine(SharedFixtures.TempDir(), Path.GetFileName(source));
        File.WriteAllBytes(path, corrupt(File.ReadAllBytes(source)));
        return path;
    }

    [SharedFact]
    public void WrongMagic_IsAClearInputError()
    {
        var path = CorruptCopy(Lpips("alex"), b => { b[5] ^= 0xff; return b; });
        var e = Assert.Throws<InputException>(() => PthFile.Open(path));
        Assert.Contains("wrong magic", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [SharedFact]
    public void NotAPickleAtAll_IsAClearInputError()
    {
        var path = CorruptCopy(Lpips("alex"), _ => "hello world, not weights"u8.ToArray());
        Assert.Throws<InputException>(() => PthFile.Open(path));
    }

    [SharedFact]
    public void CutPickle_IsTruncated()
    {
        var path = CorruptCopy(Lpips("alex"), b => b[..300]);
        var e = Assert.Throws<InputException>(() => PthFile.Open(path));
        Assert.Contains("truncated", e.Message);
    }

    [SharedFact]
    public void CutStorage_ListsButFailsOnLoadWithMissingByteCount()
    {
        var path = CorruptCopy(Lpips("alex"), b => b[..^10]);
        using var pth = PthFile.Open(path);
        Assert.Equal(5, pth.Tensors.Count);
        Assert.Equal(10, pth.MissingBytes);
        var e = Assert.Throws<InputException>(() => pth.ReadFloat("lin0.model.1.weight"));
        Assert.Contains("truncated: 10 bytes missing", e.Message);
    }

    [SharedFact]
    public void CutZipStorage_IsAnInputError()
    {
        var path = CorruptCopy(PthFixture("lpips_alex_v0.1_zip.pth"), b => b[..(b.Length / 2)]);
        Assert.Throws<InputException>(() => { using var pth = PthFile.Open(path); pth.ReadFloat("lin4.model.1.weight"); });
    }

    [SharedFact]
    public void StorageShorterThanAView_IsAnInputError()
    {
        // a_row1 = a[1] (storage offset 4, 4 elements of a 12-element storage): move its offset to 9.
        var path = CorruptCopy(PthFixture("mixed_legacy.pth"), b =>
        {
            var i = b.AsSpan().IndexOf(new byte[] { (byte)'Q', (byte)'K', 4, (byte)'K', 4, 0x85 });
            Assert.True(i > 0);
            b[i + 2] = 9;
            return b;
        });
        var e = Assert.Throws<InputException>(() => PthFile.Open(path));
        Assert.Contains("a_row1", e.Message);
        Assert.Contains("storage", e.Message);
    }

    /// <summary>A shape [2⁶², 2⁶²] (its element count wraps to 0) or a storage of 2⁶² elements passed
    /// <c>models inspect</c> as "0 values", exit 0; both are corrupt.</summary>
    [SharedTheory]
    [InlineData("shape")]
    [InlineData("storage")]
    public void SizesPast64Bits_AreCorrupt(string what)
    {
        byte[] big = [0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x40];   // LONG1 2⁶²
        var path = CorruptCopy(PthFixture("mixed_legacy.pth"), b =>
        {
            // a's shape (3, 4) → (2⁶², 2⁶²); or its storage's size 12 (after 'cpu') → 2⁶².
            byte[] pattern = what == "shape" ? [(byte)'K', 3, (byte)'K', 4, 0x86] : [.. "cpuq\x07"u8, (byte)'K', 12];
            var i = b.AsSpan().IndexOf(pattern);
            Assert.True(i > 0);
            return what == "shape" ? [.. b[..i], .. big, .. big, 0x86, .. b[(i + pattern.Length)..]] : [.. b[..(i + pattern.Length - 2)], .. big, .. b[(i + pattern.Length)..]];
        });
        var e = Assert.Throws<InputException>(() => PthFile.Open(path));
        Assert.Contains(what == "shape" ? "has more elements than a file can hold" : "more bytes than a file can hold", e.Message);
    }

    [SharedFact]
    public void ForeignGlobal_IsRefusedWithoutRunningIt()
    {
        var path = CorruptCopy(Lpips("alex"), b =>
        {
            var text = "ctorch._utils\n_rebuild_tensor_v2\n"u8;
            var evil = "cos\nsystem\n"u8.ToArray().Concat(Enumerable.Repeat((byte)'N', text.Length - 11)).ToArray();
            var i = b.AsSpan().IndexOf(text);
            evil.CopyTo(b.AsSpan(i));
            return b;
        });
        var e = Assert.Throws<InputException>(() => PthFile.Open(path));
        Assert.Contains("refusing", e.Message);
    }

    /// <summary>A zip archive whose data.pkl is <paramref name="pickle"/> (protocol 2 opcodes after PROTO).</summary>
    static string ArchiveWith(byte[] pickle)
    {
        var path = Path.Combine(SharedFixtures.TempDir("pth"), "module.pt");
        using var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create);
        using var s = zip.CreateEntry("module/data.pkl").Open();
        s.Write([0x80, 2, .. pickle, (byte)'.']);
        return path;
    }

    [Fact]
    public void TorchScriptModuleRecords_AreReadAsInertAttributes()
    {
        // GLOBAL '__torch__.m Net', EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, 'training' False, 'depth' 3, SETITEMS, BUILD
        var path = ArchiveWith([.. "c__torch__.m\nNet\n)"u8, 0x81, .. "}(X"u8, 8, 0, 0, 0, .. "training"u8, 0x89, (byte)'X', 5, 0, 0, 0, .. "depthK"u8, 3, (byte)'u', (byte)'b']);
        using var pth = PthFile.Open(path);
        Assert.Equal(PthFormat.TorchScript, pth.Format);
        Assert.Empty(pth.Tensors);
    }

    [Fact]
    public void TorchScriptClass_IsNeverCalled_AndOtherClassesAreNeverConstructed()
    {
        // REDUCE on a module class (a call) is refused, as is NEWOBJ of anything outside __torch__.
        var call = Assert.Throws<InputException>(() => PthFile.Open(ArchiveWith([.. "c__torch__.m\nNet\n)R"u8])));
        Assert.Contains("refusing to call", call.Message);
        var construct = Assert.Throws<InputException>(() => PthFile.Open(ArchiveWith([.. "cos\nsystem\n)"u8, 0x81])));
        Assert.Contains("refusing", construct.Message);
    }
}

using System.IO.Compression;
using System.Text;

namespace MmaGan.Models.Tests;

/// <summary>
/// Writes a float32 state dict in PyTorch's zip serialization (archive/data.pkl, pickle protocol 2, + archive/data/N),
/// as torch.save does — for tests that need weights no fixture provides (e.g. VGG16 / SqueezeNet trunks).
/// </summary>
internal static class TestPthWriter
{
    public static void WriteZip(string path, IReadOnlyList<(string Name, float[] Data, long[] Shape)> tensors)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var pkl = new MemoryStream();
        var w = new BinaryWriter(pkl);
        void Op(char c) => w.Write((byte)c);
        void Str(string s) { var b = Encoding.UTF8.GetBytes(s); Op('X'); w.Write(b.Length); w.Write(b); }
        void Int(long v) { Op('J'); w.Write((int)v); }
        void Global(string module, string name) { Op('c'); w.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); }
        void Tuple(IEnumerable<long> values) { Op('('); foreach (var v in values) Int(v); Op('t'); }

        w.Write((byte)0x80); w.Write((byte)2);
        Global("collections", "OrderedDict"); Op(')'); Op('R');
        Op('(');
        for (var i = 0; i < tensors.Count; i++)
        {
            var (name, data, shape) = tensors[i];
            Str(name);
            Global("torch._utils", "_rebuild_tensor_v2");
            Op('(');
            Op('('); Str("storage"); Global("torch", "FloatStorage"); Str(i.ToString(System.Globalization.CultureInfo.InvariantCulture)); Str("cpu"); Int(data.Length); Op('t');
            Op('Q');
            Int(0);
            Tuple(shape);
            var stride = new long[shape.Length];
            for (long d = shape.Length - 1, s = 1; d >= 0; s *= shape[d], d--) stride[d] = s;
            Tuple(stride);
            w.Write((byte)0x89);
            Global("collections", "OrderedDict"); Op(')'); Op('R');
            Op('t');
            Op('R');
            var entry = zip.CreateEntry($"archive/data/{i}", CompressionLevel.NoCompression);
            using var es = entry.Open();
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            es.Write(bytes);
        }
        Op('u');
        Op('.');
        w.Flush();
        using (var es = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open()) es.Write(pkl.ToArray());
        using (var es = zip.CreateEntry("archive/version", CompressionLevel.NoCompression).Open()) es.Write("3\n"u8);
    }

    /// <summary>Deterministic pseudo-random values in [−scale, scale].</summary>
    public static float[] Random(long count, float scale, int seed)
    {
        var rng = new Random(seed);
        var a = new float[count];
        for (var i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Pth;

/// <summary>
/// Writes a float32 state dict in PyTorch's zip serialization as <c>torch.save</c> does (archive/data.pkl: pickle protocol 2,
/// an OrderedDict of <c>torch._utils._rebuild_tensor_v2</c>(persistent storage id, offset 0, size, contiguous stride, False,
/// OrderedDict()); archive/data/N: the little-endian values; archive/version), atomically. <c>torch.load</c> reads it, and
/// so does <see cref="PthFile"/>: the benchmark's random-weight networks and the tests' seeded twins are written with it.
/// </summary>
public static class PthWriter
{
    public static void WriteZip(string path, IReadOnlyList<(string Name, float[] Data, long[] Shape)> tensors) =>
        AtomicFile.Write(path, file => Write(file, tensors));

    static void Write(Stream file, IReadOnlyList<(string Name, float[] Data, long[] Shape)> tensors)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
        var pkl = new MemoryStream();
        var w = new BinaryWriter(pkl);
        void Op(char c) => w.Write((byte)c);
        void Str(string s) { var b = Encoding.UTF8.GetBytes(s); Op('X'); w.Write(b.Length); w.Write(b); }
        void Int(long v) { Op('J'); w.Write(checked((int)v)); }
        void Global(string module, string name) { Op('c'); w.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); }
        void Tuple(IEnumerable<long> values) { Op('('); foreach (var v in values) Int(v); Op('t'); }

        w.Write((byte)0x80); w.Write((byte)2);
        Global("collections", "OrderedDict"); Op(')'); Op('R');
        Op('(');
        for (var i = 0; i < tensors.Count; i++)
        {
            var (name, data, shape) = tensors[i];
            if (shape.Aggregate(1L, (a, b) => a * b) != data.Length) throw new ArgumentException($"{name}: {data.Length} values do not fill [{string.Join(", ", shape)}]");
            Str(name);
            Global("torch._utils", "_rebuild_tensor_v2");
            Op('(');
            Op('('); Str("storage"); Global("torch", "FloatStorage"); Str(i.ToString(CultureInfo.InvariantCulture)); Str("cpu"); Int(data.Length); Op('t');
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
            using var es = zip.CreateEntry($"archive/data/{i}", CompressionLevel.NoCompression).Open();
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
}

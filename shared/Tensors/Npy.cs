using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Tensors;

/// <summary>
/// Reads and writes NumPy .npy files (format versions 1.0, 2.0 and 3.0; C order only).
/// Format: magic "\x93NUMPY", major, minor, header length (uint16 for v1, uint32 for v2/v3), then an ASCII
/// (UTF-8 for v3) Python dict literal {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), } padded with
/// spaces and a final '\n' so the data starts at a multiple of 64 bytes, then the raw element bytes.
/// See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
/// </summary>
public static partial class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "file not found");
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(s, path);
    }

    /// <summary>Reads one array from <paramref name="s"/>; <paramref name="nameForErrors"/> names it in InputException messages.</summary>
    public static NpyArray Read(Stream s, string nameForErrors)
    {
        var prefix = new byte[8];
        if (!TryReadExactly(s, prefix) || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw InputException.ForFile(nameForErrors, "not a .npy file (bad magic)");
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            var b = new byte[2];
            if (!TryReadExactly(s, b)) throw InputException.ForFile(nameForErrors, "truncated .npy header");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(b);
        }
        else if (major is 2 or 3)
        {
            var b = new byte[4];
            if (!TryReadExactly(s, b)) throw InputException.ForFile(nameForErrors, "truncated .npy header");
            var len = BinaryPrimitives.ReadUInt32LittleEndian(b);
            if (len > 1 << 24) throw InputException.ForFile(nameForErrors, $"implausible .npy header length {len}");
            headerLength = (int)len;
        }
        else throw InputException.ForFile(nameForErrors, $"unsupported .npy format version {major}.{prefix[7]}");

        var headerBytes = new byte[headerLength];
        if (!TryReadExactly(s, headerBytes)) throw InputException.ForFile(nameForErrors, "truncated .npy header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, nameForErrors);
        if (fortran) throw InputException.ForFile(nameForErrors, "fortran_order=True arrays are not supported (save with np.ascontiguousarray)");

        var (elementSize, make, canonical) = DtypeInfo(descr, nameForErrors);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw InputException.ForFile(nameForErrors, "negative dimension in .npy shape");
            count = checked(count * d);
        }
        if (count > Array.MaxLength) throw InputException.ForFile(nameForErrors, $"array of {count} elements is too large");
        var data = make((int)count);
        var bytes = MemoryMarshal.AsBytes(SpanOf(data));
        if (bytes.Length != count * elementSize) throw new InvalidOperationException("element size mismatch");
        if (!TryReadExactly(s, bytes))
            throw InputException.ForFile(nameForErrors, $"truncated .npy data (expected {count * elementSize} bytes for shape ({string.Join(",", shape)}) {descr})");
        if (descr[0] == '>' && elementSize > 1) SwapBytes(bytes, elementSize);
        return new NpyArray(shape, canonical, data);
    }

    public static void Write(string path, float[] data, params long[] shape) => Write(path, NpyArray.Of(data, shape));
    public static void Write(string path, double[] data, params long[] shape) => Write(path, NpyArray.Of(data, shape));
    public static void Write(Stream s, float[] data, params long[] shape) => Write(s, NpyArray.Of(data, shape));
    public static void Write(Stream s, double[] data, params long[] shape) => Write(s, NpyArray.Of(data, shape));

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Write(string path, NpyArray array)
    {
        Validate(array);
        AtomicFile.Write(path, s => Write(s, array));
    }

    /// <summary>Writes <paramref name="array"/> as a version 1.0 .npy (2.0 when the header does not fit 65535 bytes).</summary>
    public static void Write(Stream s, NpyArray array)
    {
        Validate(array);
        WriteHeader(s, array.Dtype, array.Shape);
        s.Write(MemoryMarshal.AsBytes(SpanOf(array.Data)));
    }

    /// <summary>Writes only the magic and header for a C-order array of <paramref name="dtype"/> and <paramref name="shape"/>;
    /// the caller streams the element bytes after it.</summary>
    public static void WriteHeader(Stream s, string dtype, long[] shape)
    {
        var shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        var dict = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {shapeText}, }}";
        var major = dict.Length + 1 + 10 > 65535 ? 2 : 1;
        var prefixLength = major == 1 ? 10 : 12;
        var total = prefixLength + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var headerBytes = Encoding.Latin1.GetBytes(header);
        s.Write(Magic);
        s.WriteByte((byte)major);
        s.WriteByte(0);
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)headerBytes.Length);
            s.Write(len);
        }
        else
        {
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)headerBytes.Length);
            s.Write(len);
        }
        s.Write(headerBytes);
    }

    static void Validate(NpyArray array)
    {
        var (_, make, canonical) = DtypeInfo(array.Dtype, "array");
        if (canonical != array.Dtype) throw new ArgumentException($"write dtype must be little-endian/canonical, got {array.Dtype}");
        if (make(0).GetType() != array.Data.GetType())
            throw new ArgumentException($"data of type {array.Data.GetType().Name} does not match dtype {array.Dtype}");
        if (array.Count != array.Data.Length)
            throw new ArgumentException($"shape ({string.Join(",", array.Shape)}) holds {array.Count} elements but data has {array.Data.Length}");
    }

    static Span<byte> SpanOf(Array data) => data switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new NotSupportedException($"element type {data.GetType().Name}"),
    };

    /// <summary>Element size, array factory and canonical (little-endian) dtype string for a numpy descr.</summary>
    static (int Size, Func<int, Array> Make, string Canonical) DtypeInfo(string descr, string nameForErrors)
    {
        if (descr.Length < 2) throw InputException.ForFile(nameForErrors, $"unsupported dtype '{descr}'");
        var order = descr[0];
        var code = descr[1..];
        if (order is not ('<' or '>' or '|' or '='))
            throw InputException.ForFile(nameForErrors, $"unsupported dtype '{descr}'");
        if (order == '>' && !BitConverter.IsLittleEndian) throw new PlatformNotSupportedException();
        return code switch
        {
            "f4" => (4, n => new float[n], "<f4"),
            "f8" => (8, n => new double[n], "<f8"),
            "f2" => (2, n => new Half[n], "<f2"),
            "i8" => (8, n => new long[n], "<i8"),
            "i4" => (4, n => new int[n], "<i4"),
            "i2" => (2, n => new short[n], "<i2"),
            "u8" => (8, n => new ulong[n], "<u8"),
            "u4" => (4, n => new uint[n], "<u4"),
            "u2" => (2, n => new ushort[n], "<u2"),
            "u1" => (1, n => new byte[n], "|u1"),
            "i1" => (1, n => new sbyte[n], "|i1"),
            "b1" => (1, n => new bool[n], "|b1"),
            _ => throw InputException.ForFile(nameForErrors, $"unsupported dtype '{descr}'"),
        };
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();

    static (string Descr, bool Fortran, long[] Shape) ParseHeader(string header, string nameForErrors)
    {
        var descr = DescrRegex().Match(header);
        var fortran = FortranRegex().Match(header);
        var shape = ShapeRegex().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw InputException.ForFile(nameForErrors, $"malformed .npy header: {header.Trim()}");
        var dims = new List<long>();
        foreach (var part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var p = part.TrimEnd('L');
            if (!long.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d))
                throw InputException.ForFile(nameForErrors, $"malformed shape in .npy header: ({shape.Groups[1].Value})");
            dims.Add(d);
        }
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims.ToArray());
    }

    static void SwapBytes(Span<byte> bytes, int size)
    {
        for (var i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }

    static bool TryReadExactly(Stream s, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = s.Read(buffer[total..]);
            if (n == 0) return false;
            total += n;
        }
        return true;
    }
}

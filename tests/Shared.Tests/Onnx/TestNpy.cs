using System.Text;
using System.Text.RegularExpressions;

namespace MmaGan.Shared.Tests.Onnx;

/// <summary>Minimal .npy reader for these tests (little-endian f4/f8, C order) until shared/Tensors/Npy lands.</summary>
internal static partial class TestNpy
{
    public static (long[] Shape, float[] Data) ReadFloat(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY") throw new InvalidDataException(path + ": not .npy");
        int headerLen, start;
        if (bytes[6] == 1) { headerLen = BitConverter.ToUInt16(bytes, 8); start = 10; }
        else { headerLen = checked((int)BitConverter.ToUInt32(bytes, 8)); start = 12; }
        var header = Encoding.ASCII.GetString(bytes, start, headerLen);
        var descr = Descr().Match(header).Groups[1].Value;
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException(path + ": fortran order");
        var shape = Shape().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var offset = start + headerLen;
        var data = new float[count];
        for (var i = 0; i < count; i++)
            data[i] = descr switch
            {
                "<f4" => BitConverter.ToSingle(bytes, offset + 4 * i),
                "<f8" => (float)BitConverter.ToDouble(bytes, offset + 8 * i),
                _ => throw new InvalidDataException($"{path}: dtype {descr}"),
            };
        return (shape, data);
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")] private static partial Regex Descr();
    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")] private static partial Regex Shape();
}

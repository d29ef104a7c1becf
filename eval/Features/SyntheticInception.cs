using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Features;

/// <summary>
/// A stand-in with the FID Inception contract for benchmarking when models/fid-inception.onnx has not been built:
/// bilinear resize to 299×299, four ReLU convolutions (3→32→64→128 stride 2, 128→256), global average pool and a
/// 256→2048 projection as <c>pool3</c>; about 1.1 GFLOP per image (the real network: about 5.7). Random weights.
/// </summary>
internal static class SyntheticInception
{
    public static string Build(string path, int height, int width)
    {
        var g = new OnnxGraphBuilder("synthetic_inception");
        var rng = new Random(1);
        float[] W(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, height, width);
        var roi = g.AddInitializer("roi", Array.Empty<float>(), 0);
        var scales = g.AddInitializer("scales", new[] { 1f, 1f, 299f / height, 299f / width }, 4);
        var h = g.AddNode("Resize", [x, roi, scales], attributes:
            [OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "half_pixel")])[0];
        var cin = 3;
        foreach (var (cout, stride) in new[] { (32, 2), (64, 2), (128, 2), (256, 1) })
        {
            var w = g.AddInitializer($"w{cout}", W(cout * cin * 9, Math.Sqrt(2.0 / (cin * 9))), cout, cin, 3, 3);
            var b = g.AddInitializer($"b{cout}", new float[cout], cout);
            h = g.AddNode("Conv", [h, w, b], attributes: [OnnxAttribute.Ints("kernel_shape", [3, 3]), OnnxAttribute.Ints("strides", [stride, stride])])[0];
            h = g.AddNode("Relu", [h])[0];
            cin = cout;
        }
        h = g.AddNode("GlobalAveragePool", [h])[0];
        h = g.AddNode("Flatten", [h], attributes: OnnxAttribute.Int("axis", 1))[0];
        var proj = g.AddInitializer("proj", W(256 * 2048, 1.0 / 16), 256, 2048);
        g.AddNode("MatMul", [h, proj], ["pool3"]);
        g.AddOutput("pool3", OnnxElementType.Float, "N", 2048);
        g.Save(path);
        return path;
    }
}

/// <summary>Cheap models with the evaluator's contracts for the streaming-memory benchmark (random weights).</summary>
internal static class SyntheticModels
{
    /// <summary>Generator z [N,100] → tanh(z·W) as [N,3,32,32].</summary>
    public static string LinearGenerator32(string path)
    {
        var g = new OnnxGraphBuilder("linear_generator");
        var rng = new Random(2);
        var z = g.AddInput("z", OnnxElementType.Float, "N", 100);
        var w = g.AddInitializer("w", Enumerable.Range(0, 100 * 3072).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray(), 100, 3072);
        var h = g.AddNode("MatMul", [z, w])[0];
        h = g.AddNode("Tanh", [h])[0];
        var shape = g.AddInitializer("shape", new long[] { -1, 3, 32, 32 }, 4);
        g.AddNode("Reshape", [h, shape], ["images"]);
        g.AddOutput("images", OnnxElementType.Float, "N", 3, 32, 32);
        g.Save(path);
        return path;
    }

    /// <summary>Inception stand-in images [N,3,H,W] → pool3 = tanh(avgpool(x)·W) [N,2048] (cheap, full width).</summary>
    public static string PooledInception2048(string path)
    {
        var g = new OnnxGraphBuilder("pooled_inception");
        var rng = new Random(3);
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, "H", "W");
        var conv = g.AddInitializer("conv", Enumerable.Range(0, 64 * 3 * 16).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 64, 3, 4, 4);
        var h = g.AddNode("Conv", [x, conv], attributes: [OnnxAttribute.Ints("kernel_shape", [4, 4]), OnnxAttribute.Ints("strides", [4, 4])])[0];
        h = g.AddNode("GlobalAveragePool", [h])[0];
        h = g.AddNode("Flatten", [h], attributes: OnnxAttribute.Int("axis", 1))[0];
        var w = g.AddInitializer("w", Enumerable.Range(0, 64 * 2048).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 64, 2048);
        h = g.AddNode("MatMul", [h, w])[0];
        g.AddNode("Tanh", [h], ["pool3"]);
        g.AddOutput("pool3", OnnxElementType.Float, "N", 2048);
        g.Save(path);
        return path;
    }
}

using MmaGan.Models.Clip;
using MmaGan.Models.Dinov2;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.Pth;

namespace MmaGan.Eval.Features;

/// <summary>
/// A feature network of an official architecture with random weights, built by the real builder from a state dict with the
/// official names and shapes (written with <see cref="PthWriter"/>), for the benchmark: speed does not depend on the values.
/// Names: dinov2-vits14, dinov2-vitb14, dinov2-vitl14, dinov2-vitg14 (with a DINOv2 convention), clip-vit-b32.
/// </summary>
internal static class RandomFeatureNetwork
{
    public static readonly string[] Names = [.. Dinov2Architecture.ArchNames.Select(a => "dinov2-" + a), "clip-vit-b32"];

    /// <summary>Builds NAME into <paramref name="dir"/>; returns the model path and its GFLOP per image (matrix products).</summary>
    public static (string Path, double GflopPerImage) Build(string name, FeaturePreprocessing dinov2Convention, string dir)
    {
        var weights = Path.Combine(dir, name + "-random.pth");
        var model = Path.Combine(dir, name + "-random.onnx");
        if (name.StartsWith("dinov2-", StringComparison.Ordinal))
        {
            var arch = Dinov2Architecture.Of(name["dinov2-".Length..]);
            PthWriter.WriteZip(weights, Fill(arch.StateDictShapes()));
            Dinov2Builder.BuildFile(weights, dinov2Convention, model, arch.Name);
            File.Delete(weights);
            return (model, arch.GflopPerImage(dinov2Convention.InputSize));
        }
        if (name != "clip-vit-b32") throw new ArgumentException($"unknown feature network '{name}'");
        var clip = ClipImageEncoderBuilder.Architecture.ViTB32;
        PthWriter.WriteZip(weights, Fill(clip.VisualStateDictShapes()));
        ClipImageEncoderBuilder.BuildFile(weights, model);
        File.Delete(weights);
        return (model, clip.GflopPerImage());
    }

    /// <summary>Weights uniform in ±√(3/fan-in), LayerNorm scales 1, biases 0, layer-scale 0.1, embeddings ±0.02.</summary>
    static List<(string Name, float[] Data, long[] Shape)> Fill(IEnumerable<(string Name, long[] Shape)> shapes)
    {
        var rng = new Random(1);
        return [.. shapes.Select(t =>
        {
            var n = t.Shape.Aggregate(1L, (a, b) => a * b);
            var last = t.Name.Split('.')[^1];
            var data = new float[n];
            if (last.EndsWith("bias", StringComparison.Ordinal)) return (t.Name, data, t.Shape);
            if (t.Shape.Length == 1 && last == "weight") { Array.Fill(data, 1f); return (t.Name, data, t.Shape); }
            if (last == "gamma") { Array.Fill(data, 0.1f); return (t.Name, data, t.Shape); }
            var scale = last is "weight" or "in_proj_weight" ? Math.Sqrt(3.0 / t.Shape.Skip(1).Aggregate(1L, (a, b) => a * b))
                : last == "proj" ? Math.Sqrt(3.0 / t.Shape[0]) : 0.02;
            for (var i = 0; i < n; i++) data[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
            return (t.Name, data, t.Shape);
        })];
    }
}

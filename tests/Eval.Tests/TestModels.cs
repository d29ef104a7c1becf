using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Tests;

/// <summary>Tiny ONNX models with the evaluator's model contracts, written with the project's OnnxGraphBuilder. The feature
/// models' features are narrower than an Inception's 2048 by design and say so (metadata <see cref="MmaGan.Eval.Features.InceptionModel.FeatureDimsKey"/>).</summary>
internal static class TestModels
{
    public const int FeatureSize = TestSupport.TinyModels.FeatureSize, Classes = TestSupport.TinyModels.Classes;

    /// <summary>The stand-in "Inception" of every test project (<see cref="TestSupport.TinyModels.TinyInception"/>; its 8-d pool3 declared).</summary>
    public static string TinyInception(string dir, bool withLogits = true, string featureName = "pool3") =>
        TestSupport.TinyModels.TinyInception(dir, withLogits, featureName);

    /// <summary>
    /// A model taking its input already resized by a recorded convention (default clean-fid's clean: [N,3,S,S] on 0–255):
    /// pool3 = the per-channel spatial means [N,3], so the features show exactly what the evaluator handed over.
    /// </summary>
    public static string ResizedInputModel(string dir, string convention = "clean", string resize = "pil-bicubic-float", int size = 12,
        string range = "[0,255]", string? featureSpace = null, string output = "pool3")
    {
        var g = new OnnxGraphBuilder("resized_input");
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, size, size);
        var avg = g.AddNode("GlobalAveragePool", [x])[0];
        g.AddNode("Flatten", [avg], [output], attributes: OnnxAttribute.Int("axis", 1));
        g.AddOutput(output, OnnxElementType.Float, "N", 3);
        DeclareFeatureDims(g, 3);
        g.Metadata["preprocess"] = convention;
        g.Metadata["resize"] = resize;
        g.Metadata["input_size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        g.Metadata["input_range"] = range;
        if (featureSpace != null) g.Metadata["feature_space"] = featureSpace;
        var path = Path.Combine(dir, $"resized-{convention}.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>A feature model whose pool3 [N,3] = log(mean of each channel − 2): NaN for every image in [0,1].</summary>
    public static string NaNFeatures(string dir)
    {
        var g = new OnnxGraphBuilder("nan_features");
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, "H", "W");
        var avg = g.AddNode("GlobalAveragePool", [x])[0];
        var flat = g.AddNode("Flatten", [avg], attributes: OnnxAttribute.Int("axis", 1))[0];
        var two = g.AddInitializer("two", new float[] { 2 }, 1);
        var shifted = g.AddNode("Sub", [flat, two])[0];
        g.AddNode("Log", [shifted], ["pool3"]);
        g.AddOutput("pool3", OnnxElementType.Float, "N", 3);
        DeclareFeatureDims(g, 3);
        var path = Path.Combine(dir, "nan-features.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>A generator z [N,4] → [N,1,2,2] = log(z): NaN for negative latents.</summary>
    public static string NaNGenerator(string dir)
    {
        var g = new OnnxGraphBuilder("nan_generator");
        var z = g.AddInput("z", OnnxElementType.Float, "N", 4);
        var shape = g.AddInitializer("shape", new long[] { -1, 1, 2, 2 }, 4);
        var r = g.AddNode("Reshape", [z, shape])[0];
        g.AddNode("Log", [r], ["images"]);
        g.AddOutput("images", OnnxElementType.Float, "N", 1, 2, 2);
        var path = Path.Combine(dir, "nan-generator.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>A generator z [N,12] → tanh(z) reshaped to [N,3,2,2] in [-1,1].</summary>
    public static string TinyGenerator(string dir)
    {
        var g = new OnnxGraphBuilder("tiny_generator");
        var z = g.AddInput("z", OnnxElementType.Float, "N", 12);
        var shape = g.AddInitializer("shape", new long[] { -1, 3, 2, 2 }, 4);
        var r = g.AddNode("Reshape", [z, shape])[0];
        g.AddNode("Tanh", [r], ["images"]);
        g.AddOutput("images", OnnxElementType.Float, "N", 3, 2, 2);
        g.Metadata["method"] = "mma";
        g.Metadata["k"] = "4";
        g.Metadata["step"] = "1000";
        g.Metadata["output_range"] = "[-1,1]";
        var path = Path.Combine(dir, "tiny-generator.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>A generator z [N,12] → mean(z) expanded to <paramref name="expandTo"/> (e.g. [1,3,H,W], broadcast over N), its
    /// output declared as <paramref name="declared"/> (symbolic dimensions by name): a small file whose outputs can be huge. With
    /// <paramref name="shapeAtRunTime"/> the target shape is computed from z (always <paramref name="expandTo"/>), so ONNX Runtime
    /// cannot infer the output's shape when it loads the model and only the declared dimensions are known.</summary>
    public static string ExpandingGenerator(string dir, string name, long[] expandTo, bool shapeAtRunTime, params OnnxDim[] declared)
    {
        var g = new OnnxGraphBuilder(name);
        var z = g.AddInput("z", OnnxElementType.Float, "N", 12);
        var mean = g.AddNode("ReduceMean", [z], attributes: [OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)])[0];
        var column = g.AddNode("Reshape", [mean, g.AddInitializer("column", new long[] { -1, 1, 1, 1 }, 4)])[0];
        var to = g.AddInitializer("to", expandTo, expandTo.Length);
        if (shapeAtRunTime)
        {
            var zero = g.AddNode("Mul", [g.AddNode("ReduceMean", [mean], attributes: OnnxAttribute.Int("keepdims", 0))[0], g.AddInitializer("zero", new float[] { 0 })])[0];
            to = g.AddNode("Add", [to, g.AddNode("Cast", [zero], attributes: OnnxAttribute.Int("to", 7))[0]])[0];   // 7 = int64
        }
        g.AddNode("Expand", [column, to], ["images"]);
        g.AddOutput("images", OnnxElementType.Float, declared);
        var path = Path.Combine(dir, name + ".onnx");
        g.Save(path);
        return path;
    }

    /// <summary>Like <see cref="TinyGenerator"/> but exported with a fixed batch: input z [1,12], output [1,3,2,2].</summary>
    public static string FixedBatchGenerator(string dir)
    {
        var g = new OnnxGraphBuilder("fixed_batch_generator");
        var z = g.AddInput("z", OnnxElementType.Float, 1, 12);
        var shape = g.AddInitializer("shape", new long[] { 1, 3, 2, 2 }, 4);
        var r = g.AddNode("Reshape", [z, shape])[0];
        g.AddNode("Tanh", [r], ["images"]);
        g.AddOutput("images", OnnxElementType.Float, 1, 3, 2, 2);
        var path = Path.Combine(dir, "fixed-batch-generator.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>Records that the model's features are <paramref name="dims"/>-d by design (a pool3 must otherwise be 2048 wide).</summary>
    public static void DeclareFeatureDims(OnnxGraphBuilder g, int dims) =>
        g.Metadata[MmaGan.Eval.Features.InceptionModel.FeatureDimsKey] = dims.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A model with an Inception's contract but a pool3 of [N,3] and no declaration of it (what a wrong export gives);
    /// with <paramref name="featureSpace"/>, that space's model with a 3-d <c>features</c> output, undeclared.</summary>
    public static string UndeclaredNarrowPool3(string dir, string? featureSpace = null)
    {
        var output = featureSpace is null ? "pool3" : "features";
        var g = new OnnxGraphBuilder("narrow_pool3");
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, "H", "W");
        var avg = g.AddNode("GlobalAveragePool", [x])[0];
        g.AddNode("Flatten", [avg], [output], attributes: OnnxAttribute.Int("axis", 1));
        g.AddOutput(output, OnnxElementType.Float, "N", 3);
        if (featureSpace != null) g.Metadata["feature_space"] = featureSpace;
        var path = Path.Combine(dir, $"narrow-{featureSpace ?? "pool3"}.onnx");
        g.Save(path);
        return path;
    }
}

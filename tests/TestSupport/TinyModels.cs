using MmaGan.Shared.Onnx;

namespace MmaGan.TestSupport;

/// <summary>Tiny ONNX models with the evaluator's model contracts (written with the project's OnnxGraphBuilder), for every test
/// project: the evaluator's tests and the trainer's <c>--eval-every</c> tests score with them in milliseconds.</summary>
public static class TinyModels
{
    public const int FeatureSize = 8, Classes = 10;

    /// <summary>The metadata key a feature model narrower than Inception's 2048 declares its width under (the evaluator's
    /// <c>InceptionModel.FeatureDimsKey</c>; TestSupport is compiled into projects that do not reference the evaluator).</summary>
    public const string FeatureDimsKey = "feature_dims";

    /// <summary>
    /// A stand-in "Inception": input images [N,3,H,W] in [0,1]; features = tanh([avgpool, maxpool](x)·W1) as pool3 [N,8];
    /// logits_unbiased = pool3·W2 [N,10]. Deterministic weights; its feature width recorded (<see cref="FeatureDimsKey"/>).
    /// </summary>
    public static string TinyInception(string dir, bool withLogits = true, string featureName = "pool3")
    {
        var g = new OnnxGraphBuilder("tiny_inception");
        var x = g.AddInput("images", OnnxElementType.Float, "N", 3, "H", "W");
        var avg = g.AddNode("GlobalAveragePool", [x])[0];
        var max = g.AddNode("GlobalMaxPool", [x])[0];
        var cat = g.AddNode("Concat", [avg, max], attributes: OnnxAttribute.Int("axis", 1))[0];
        var flat = g.AddNode("Flatten", [cat], attributes: OnnxAttribute.Int("axis", 1))[0];
        var w1 = g.AddInitializer("w1", Weights(6 * FeatureSize, 1), 6, FeatureSize);
        var h = g.AddNode("MatMul", [flat, w1])[0];
        g.AddNode("Tanh", [h], [featureName]);
        g.AddOutput(featureName, OnnxElementType.Float, "N", FeatureSize);
        g.Metadata[FeatureDimsKey] = FeatureSize.ToString(System.Globalization.CultureInfo.InvariantCulture);   // 8-d by design
        if (withLogits)
        {
            var w2 = g.AddInitializer("w2", Weights(FeatureSize * Classes, 2), FeatureSize, Classes);
            g.AddNode("MatMul", [featureName, w2], ["logits_unbiased"]);
            g.AddOutput("logits_unbiased", OnnxElementType.Float, "N", Classes);
        }
        var path = Path.Combine(dir, "tiny-inception.onnx");
        g.Save(path);
        return path;
    }

    static float[] Weights(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }
}

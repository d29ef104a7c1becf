using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Metrics;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>PacGAN's Stacked MNIST metrics (modes covered, KL to uniform), the digit classifier as a feature space, and the
/// Fréchet distance in its features — through <see cref="Evaluator.Evaluate"/>, in process.</summary>
public class ModeCoverageTests
{
    [Fact]
    public void MatchesPacGansDefinitionByHand()
    {
        // 4 samples, 2 modes of 1,000: p = (3/4, 1/4): KL = 3/4·ln(750) + 1/4·ln(250).
        var r = ModeCoverage.FromDigits([1, 2, 3, 1, 2, 3, 1, 2, 3, 9, 9, 9], 4, 3);
        Assert.Equal((4, 1000, 2), (r.N, r.ModesTotal, r.ModesCovered));
        Assert.Equal(0.75 * Math.Log(750) + 0.25 * Math.Log(250), r.KlToUniform, 12);
        Assert.Equal(3, r.Counts[123]);
        Assert.Equal(1, r.Counts[999]);
        // All mass on one mode: ln M; uniform over every mode: 0.
        Assert.Equal(Math.Log(10), ModeCoverage.FromModes([7, 7, 7], 10).KlToUniform, 12);
        Assert.Equal(0, ModeCoverage.FromModes(Enumerable.Range(0, 1000).ToArray(), 1000).KlToUniform, 12);
        // PacGAN's log_metrics: p = counts / Σ counts over covered modes, KLD(p, q) with q = 1/1000, natural log.
        var modes = new[] { 5, 5, 17, 17, 17, 999, 0 };
        var pacgan = new[] { 2, 3, 1, 1 }.Select(c => c / 7.0).Sum(p => p * Math.Log(p / 0.001));
        Assert.Equal(pacgan, ModeCoverage.FromModes(modes, 1000).KlToUniform, 12);
    }

    /// <summary>A digit "classifier" whose class is the tenth of the mean brightness: logits_k = −(mean − (k + ½)/10)²;
    /// features = [mean, mean²].</summary>
    static string BrightnessClassifier(string dir)
    {
        var g = new OnnxGraphBuilder("brightness");
        var x = g.AddInput("images", OnnxElementType.Float, "N", 1, 28, 28);
        var mean = g.AddNode("Flatten", [g.AddNode("GlobalAveragePool", [x])[0]], attributes: OnnxAttribute.Int("axis", 1))[0];
        var centres = g.AddInitializer("centres", Enumerable.Range(0, 10).Select(k => (k + 0.5f) / 10).ToArray(), 10);
        var d = g.AddNode("Sub", [mean, centres])[0];
        g.AddNode("Neg", [g.AddNode("Mul", [d, d])[0]], ["logits"]);
        g.AddNode("Concat", [mean, g.AddNode("Mul", [mean, mean])[0]], ["features"], attributes: OnnxAttribute.Int("axis", 1));
        g.AddOutput("logits", OnnxElementType.Float, "N", 10);
        g.AddOutput("features", OnnxElementType.Float, "N", 2);
        var path = Path.Combine(dir, "brightness.onnx");
        g.Save(path);
        return path;
    }

    /// <summary>A folder of images whose channels are flat at the brightness of the given digits (one channel: gray).</summary>
    static string FlatDigits(string dir, string name, int side, params int[][] digits)
    {
        var folder = Path.Combine(dir, name);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < digits.Length; i++)
        {
            var pixels = new byte[side * side * 3];
            for (var p = 0; p < side * side; p++)
                for (var c = 0; c < 3; c++) pixels[p * 3 + c] = (byte)Math.Round((digits[i][Math.Min(c, digits[i].Length - 1)] + 0.5) / 10 * 255);
            ImageFile.WritePng(Path.Combine(folder, $"{i:D3}.png"), new Image8(side, side, 3, pixels));
        }
        return folder;
    }

    static MetricResults Evaluate(string classifier, string generated, string[] metrics, string? reference = null) => Evaluator.Evaluate(new EvaluationRequest
    {
        Metrics = metrics, Generated = generated, Reference = reference, UseCache = false,
        FeatureModelPaths = new Dictionary<string, string> { [MetricRegistry.DigitClassifier] = classifier },
    });

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void ModesReadOneDigitPerChannel_AndGraySourcesOneDigitPerImage(int side)
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var classifier = BrightnessClassifier(dir);
            var stacked = FlatDigits(dir, "stacked", side, [1, 2, 3], [1, 2, 3], [0, 0, 9], [4, 5, 6], [9, 9, 9]);
            var results = Evaluate(classifier, stacked, ["modes"]);
            var r = results.Detail<ModeCoverageResult>("modes");
            // a classifier trained here is never the one behind published mode counts, and the caveat says so in those words
            Assert.Contains(results.Caveats, c => c.Text.EndsWith("is a digit classifier trained here, not the published counts' own") && c.Metrics.Contains("modes"));
            Assert.Equal((5, 1000, 4), (r.N, r.ModesTotal, r.ModesCovered));
            Assert.Equal(2, r.Counts[123]);
            Assert.Equal(1, r.Counts[9]);
            var gray = Evaluate(classifier, FlatDigits(dir, "gray", side, [3], [3], [8]), ["modes"]);
            Assert.Equal((3, 10, 2, 1), (gray.Detail<ModeCoverageResult>("modes").N, gray.Detail<ModeCoverageResult>("modes").ModesTotal,
                gray.Detail<ModeCoverageResult>("modes").ModesCovered, (int)gray.Values.First(v => v.Key == "digits").Value!));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FdClassifierIsTheFrechetDistanceOfTheDigitFeatures()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var classifier = BrightnessClassifier(dir);
            var a = FlatDigits(dir, "a", 28, [1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 1, 2]);
            var b = FlatDigits(dir, "b", 28, [1, 2, 4], [4, 6, 6], [7, 8, 8], [0, 1, 3]);
            var fd = (double)Evaluate(classifier, a, ["fd-classifier"], b).Values.Single(v => v.Key == "fd_classifier").Value!;
            // The same distance from the features by hand: rows [m_R, m_R², m_G, m_G², m_B, m_B²] of each image.
            static double[] Row(int[] d) => d.SelectMany(x => { var m = (float)Math.Round((x + 0.5) / 10 * 255) / 255f; return new double[] { m, m * m }; }).ToArray();
            double[][] fa = [Row([1, 2, 3]), Row([4, 5, 6]), Row([7, 8, 9]), Row([0, 1, 2])], fb = [Row([1, 2, 4]), Row([4, 6, 6]), Row([7, 8, 8]), Row([0, 1, 3])];
            var sa = new GaussianStats(6);
            var sb = new GaussianStats(6);
            sa.AddBatch(fa.SelectMany(r => r.Select(v => (float)v)).ToArray(), 4);
            sb.AddBatch(fb.SelectMany(r => r.Select(v => (float)v)).ToArray(), 4);
            Assert.Equal(FrechetDistance.Compute(sa.Mean(), sa.Covariance(), sb.Mean(), sb.Covariance()), fd, 6); // ORT averages the pixels in float32
            // A gray source is compared in the one digit's features; against a stacked one, one line.
            var gray = FlatDigits(dir, "gray", 28, [1], [5], [9]);
            var e = Assert.Throws<InputException>(() => Evaluate(classifier, gray, ["fd-classifier"], a));
            Assert.Contains("holds 1 digit(s) per image", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A stacked-mnist: reference is a stream of draws: --n-ref is how many, not "only the first N" of a data set.</summary>
    [SharedFact]
    public void AStackedMnistReference_HasNoPrefixCaveat()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var reference = "stacked-mnist:" + SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");
            var generated = FlatDigits(dir, "a", 28, [1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 1, 2]);
            var r = Evaluator.Evaluate(new EvaluationRequest
            {
                Metrics = ["fd-classifier"], Generated = generated, Reference = reference, NRef = 40, UseCache = false,
                FeatureModelPaths = new Dictionary<string, string> { [MetricRegistry.DigitClassifier] = BrightnessClassifier(dir) },
            });
            Assert.Equal(40L, r.Setting("n_ref"));
            Assert.DoesNotContain(r.Caveats, c => c.Text.StartsWith("only the first"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ImagesOfOtherSizesAreRefusedWithOneLine()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            var e = Assert.Throws<InputException>(() => Evaluate(BrightnessClassifier(dir), FlatDigits(dir, "big", 64, [1, 2, 3], [3, 2, 1]), ["modes"]));
            Assert.Contains("images are 64×64; the digit classifier reads 28×28 digits (or padded to 32×32)", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}

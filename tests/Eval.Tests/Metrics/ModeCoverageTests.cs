using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Sources;
using MmaGan.Shared.Onnx;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Metrics;

/// <summary>PacGAN's Stacked MNIST metrics (modes covered, KL to uniform) and the digit classifier's pass over a source.</summary>
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

    /// <summary>Images whose three channels are flat at the brightness of the given digits, at <paramref name="side"/> pixels.</summary>
    sealed class FlatDigits(int[][] digits, int side, int channels = 3, int[]? labels = null) : IImageSource
    {
        public string Name => "flat";
        public int Count => digits.Length;
        public int Channels => channels;
        public IReadOnlyList<int>? Labels => labels;
        public IEnumerable<ImageBatch> ReadBatches(int batchSize, CancellationToken cancellation = default)
        {
            var plane = side * side;
            for (var start = 0; start < Count; start += batchSize)
            {
                var n = Math.Min(batchSize, Count - start);
                var data = new float[n * 3 * plane];
                for (var i = 0; i < n; i++)
                    for (var c = 0; c < 3; c++)
                        Array.Fill(data, (digits[start + i][Math.Min(c, channels - 1)] + 0.5f) / 10, (i * 3 + c) * plane, plane);
                yield return new ImageBatch(data, n, side, side);
            }
        }
        public void Dispose() { }
    }

    [Theory]
    [InlineData(28)]
    [InlineData(32)]
    public void ThePassReadsOneDigitPerChannel(int side)
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            using var model = new DigitClassifierModel(BrightnessClassifier(dir));
            int[][] digits = [[1, 2, 3], [1, 2, 3], [0, 0, 9], [4, 5, 6], [9, 9, 9]];
            var pass = DigitClassifierPass.Run(new FlatDigits(digits, side, labels: [123, 123, 9, 456, 0]), model, 2, wantFeatures: true);
            Assert.Equal(digits.SelectMany(d => d), pass.Classes);
            Assert.Equal(4, pass.LabelMatches);                         // the last label (0) is not 999
            var r = ModeCoverage.FromDigits(pass.Classes, pass.Count, pass.Digits);
            Assert.Equal((1000, 4), (r.ModesTotal, r.ModesCovered));
            Assert.Equal(6, pass.Features!.Dimension);                  // 3 digits × 2 features side by side
            Assert.Equal(5, pass.Features.Count);
            // Gray sources are one digit per image: 10 modes.
            var gray = DigitClassifierPass.Run(new FlatDigits([[3], [3], [8]], side, channels: 1), model, 4);
            Assert.Equal(1, gray.Digits);
            Assert.Equal((10, 2), (ModeCoverage.FromDigits(gray.Classes, 3, 1).ModesTotal, ModeCoverage.FromDigits(gray.Classes, 3, 1).ModesCovered));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ImagesOfOtherSizesAreRefusedWithOneLine()
    {
        var dir = SharedFixtures.TempDir();
        try
        {
            using var model = new DigitClassifierModel(BrightnessClassifier(dir));
            var e = Assert.Throws<MmaGan.Shared.IO.InputException>(() => DigitClassifierPass.Run(new FlatDigits([[1, 2, 3]], 64), model, 2));
            Assert.Equal("flat: images are 64×64; the digit classifier reads 28×28 digits (or padded to 32×32)", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}

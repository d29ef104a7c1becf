using MmaGan.Shared.Onnx;
using Xunit;

namespace MmaGan.Shared.Tests.Onnx;

public class BatchNormFoldingTests
{
    [Fact]
    public void FoldedConvEqualsConvThenBatchNorm()
    {
        // Two output channels, weights of 3 values each; y = γ (w·x − μ)/√(σ²+ε) + β must equal w'·x + b'.
        float[] w = [1, -2, 0.5f, 3, 0.25f, -1];
        float[] gamma = [0.5f, 2], beta = [0.1f, -0.3f], mean = [0.2f, -1], variance = [4, 0.25f];
        const double eps = 0.001;
        var (fw, fb) = BatchNormFolding.Fold(w, [2, 3, 1, 1], 0, null, gamma, beta, mean, variance, eps);
        float[] x = [0.3f, -0.7f, 1.1f];
        for (var o = 0; o < 2; o++)
        {
            var conv = 0.0;
            var folded = (double)fb[o];
            for (var i = 0; i < 3; i++) { conv += w[o * 3 + i] * x[i]; folded += fw[o * 3 + i] * x[i]; }
            var reference = gamma[o] * (conv - mean[o]) / Math.Sqrt(variance[o] + eps) + beta[o];
            Assert.Equal(reference, folded, 1e-6);
        }
    }

    /// <summary>A ConvTranspose weight [in = 2, out = 3, 1, 2] (channels on axis 1) with its own bias, into a BN without
    /// affine parameters: each weight scales by 1/√(σ²_c+ε) of its output channel c, the bias becomes (b − μ)/√(σ²+ε).</summary>
    [Fact]
    public void ChannelAxisOneWithLayerBiasAndNoAffine()
    {
        float[] w = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        float[] bias = [0.5f, -1, 2], mean = [1, 0, -2], variance = [3, 0.75f, 15];
        const double eps = 1;
        var (fw, fb) = BatchNormFolding.Fold(w, [2, 3, 1, 2], 1, bias, null, null, mean, variance, eps);
        double[] s = [0.5, 1 / Math.Sqrt(1.75), 0.25];
        for (var i = 0; i < 2; i++)
            for (var c = 0; c < 3; c++)
                for (var k = 0; k < 2; k++)
                {
                    var at = (i * 3 + c) * 2 + k;
                    Assert.Equal((float)(w[at] * s[c]), fw[at]);
                }
        Assert.Equal([(float)((0.5 - 1) * 0.5), (float)(-1 * s[1]), (float)(4 * 0.25)], fb);
    }

    [Fact]
    public void MismatchedChannelsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold([1, 2], [2, 1], 0, null, [1], [0], [0], [1], 1e-3));
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold([1, 2, 3], [2, 1], 0, null, null, null, [0, 0], [1, 1], 1e-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormFolding.Fold([1, 2], [2, 1], 2, null, null, null, [0], [1], 1e-3));
    }
}

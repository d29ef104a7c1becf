using MmaGan.Models.Graph;
using Xunit;

namespace MmaGan.Models.Tests.Graph;

public class BatchNormFoldingTests
{
    [Fact]
    public void FoldedConvEqualsConvThenBatchNorm()
    {
        // Two output channels, weights of 3 values each; y = γ (w·x − μ)/√(σ²+ε) + β must equal w'·x + b'.
        float[] w = [1, -2, 0.5f, 3, 0.25f, -1];
        float[] gamma = [0.5f, 2], beta = [0.1f, -0.3f], mean = [0.2f, -1], variance = [4, 0.25f];
        const double eps = 0.001;
        var (fw, fb) = BatchNormFolding.Fold(w, 2, gamma, beta, mean, variance, eps);
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

    [Fact]
    public void MismatchedChannelsAreRejected() =>
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold([1, 2], 2, [1], [0], [0], [1], 1e-3));
}

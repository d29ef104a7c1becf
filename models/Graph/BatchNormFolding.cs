namespace MmaGan.Models.Graph;

/// <summary>
/// Folds an inference-mode BatchNorm that follows a bias-free convolution into the convolution:
/// BN(W*x) = γ (W*x − μ)/√(σ²+ε) + β = (s·W)*x + (β − s·μ) with s = γ/√(σ²+ε) per output channel.
/// Computed in double and rounded once to float, so the folded network equals conv→BN up to float rounding.
/// </summary>
public static class BatchNormFolding
{
    public static (float[] Weight, float[] Bias) Fold(float[] convWeight, long outChannels,
        float[] gamma, float[] beta, float[] runningMean, float[] runningVar, double eps)
    {
        if (gamma.Length != outChannels || beta.Length != outChannels || runningMean.Length != outChannels || runningVar.Length != outChannels)
            throw new ArgumentException("BatchNorm parameters do not match the convolution's output channels");
        var perChannel = convWeight.Length / (int)outChannels;
        var w = new float[convWeight.Length];
        var b = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var s = gamma[o] / Math.Sqrt((double)runningVar[o] + eps);
            for (var i = 0; i < perChannel; i++) w[o * perChannel + i] = (float)(convWeight[o * perChannel + i] * s);
            b[o] = (float)(beta[o] - runningMean[o] * s);
        }
        return (w, b);
    }
}

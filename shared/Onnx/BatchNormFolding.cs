namespace MmaGan.Shared.Onnx;

/// <summary>
/// Folds an inference-mode BatchNorm into the Linear, Conv or ConvTranspose layer before it, on plain float arrays
/// (so both the TorchSharp exporter and the .pth-based model builders use it):
/// <code>
/// BN(W*x + b) = γ·(W*x + b − μ)/√(σ²+ε) + β = (s·W)*x + ((b − μ)·s + β),   s = γ/√(σ²+ε) per output channel
/// </code>
/// computed in double and rounded once to float, so the folded layer equals layer→BN up to float rounding.
/// </summary>
public static class BatchNormFolding
{
    /// <param name="weight">The layer's weight, row-major with shape <paramref name="weightShape"/>.</param>
    /// <param name="channelDim">The weight's output-channel axis: 0 for Linear [out, in] and Conv [out, in, kh, kw],
    /// 1 for ConvTranspose [in, out, kh, kw].</param>
    /// <param name="bias">The layer's own bias b, or null for none (b = 0).</param>
    /// <param name="gamma">BN's γ, or null for a BN without affine parameters (γ = 1).</param>
    /// <param name="beta">BN's β, or null for a BN without affine parameters (β = 0).</param>
    public static (float[] Weight, float[] Bias) Fold(float[] weight, IReadOnlyList<long> weightShape, int channelDim, float[]? bias,
        float[]? gamma, float[]? beta, float[] runningMean, float[] runningVar, double eps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channelDim);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channelDim, weightShape.Count);
        var channels = checked((int)weightShape[channelDim]);
        long outer = 1, inner = 1;
        for (var d = 0; d < weightShape.Count; d++)
        {
            if (d < channelDim) outer *= weightShape[d];
            else if (d > channelDim) inner *= weightShape[d];
        }
        if (outer * channels * inner != weight.Length)
            throw new ArgumentException($"{weight.Length} weights do not fill shape [{string.Join(",", weightShape)}]");
        foreach (var p in new[] { bias, gamma, beta, runningMean, runningVar })
            if (p != null && p.Length != channels)
                throw new ArgumentException("BatchNorm parameters do not match the layer's output channels");

        var s = new double[channels];
        var b = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            s[c] = (gamma?[c] ?? 1.0) / Math.Sqrt((double)runningVar[c] + eps);
            b[c] = (float)(((bias?[c] ?? 0.0) - runningMean[c]) * s[c] + (beta?[c] ?? 0.0));
        }
        var w = new float[weight.Length];
        for (long o = 0, k = 0; o < outer; o++)
            for (var c = 0; c < channels; c++)
                for (long i = 0; i < inner; i++, k++)
                    w[k] = (float)(weight[k] * s[c]);
        return (w, b);
    }
}

using MmaGan.Eval.Metrics.LinearAlgebra;

namespace MmaGan.Eval.Metrics;

/// <summary>
/// The Vendi score (Friedman &amp; Dieng 2023), the effective number of distinct samples, with the cosine-similarity kernel
/// as vertaix/Vendi-Score's <c>score_X</c>/<c>score_dual</c> and dgm-eval's <c>compute_vendi_score</c> compute it:
/// x̂ᵢ = xᵢ/‖xᵢ‖ (sklearn's normalize: a zero row stays zero), K = X̂·X̂ᵀ, λ = eigenvalues of K/n,
/// VS_q = exp(H_q(λ)) with H₁ = −Σ_{λ&gt;0} λ·log λ (q = 1, the default and dgm-eval's), H_∞ = −log max λ,
/// H_q = log(Σ_{λ&gt;0} λ^q)/(1 − q). For n &gt; d the nonzero eigenvalues of K/n are those of the d×d X̂ᵀ·X̂/n (score_dual),
/// which is what is decomposed then. In float64 from the float32 features; 1 ≤ VS ≤ min(n, d).
/// </summary>
public static class VendiScore
{
    public const double DefaultQ = 1;

    public static double Compute(FeatureMatrix features, double q = DefaultQ)
    {
        int n = features.Rows, d = features.Cols;
        if (n < 1) throw new ArgumentException("the Vendi score needs at least one sample");
        if (double.IsNaN(q) || q < 0) throw new ArgumentException($"order q must be ≥ 0 (or infinity), got {q}");
        var x = new double[(long)n * d];
        features.CopyDouble(0, n, x);
        for (var i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            var norm = Math.Sqrt(VectorOps.Dot(row, row));
            if (norm > 0) foreach (ref var v in row) v /= norm;
        }
        // K/n = X̂X̂ᵀ/n (n×n) or, with the same nonzero spectrum, X̂ᵀX̂/n (d×d): whichever is smaller.
        var dual = n > d;
        var m = dual ? d : n;
        var gram = new double[(long)m * m];
        if (dual) DenseGemm.Multiply(d, d, n, 1.0 / n, x, 0, d, true, x, 0, d, false, gram, 0, d);
        else DenseGemm.Multiply(n, n, d, 1.0 / n, x, 0, d, false, x, 0, d, true, gram, 0, n);
        return Math.Exp(Entropy(SymmetricEigenvalues.Compute(gram, m), q));
    }

    /// <summary>Vendi-Score's entropy_q over the positive eigenvalues.</summary>
    public static double Entropy(double[] p, double q)
    {
        if (double.IsPositiveInfinity(q)) return -Math.Log(p.Max());
        var positive = p.Where(v => v > 0).ToArray();
        if (q == 1) return -positive.Sum(v => v * Math.Log(v));
        return Math.Log(positive.Sum(v => Math.Pow(v, q))) / (1 - q);
    }
}

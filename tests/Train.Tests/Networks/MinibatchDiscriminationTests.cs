using MmaGan.Train.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Networks;

public class MinibatchDiscriminationTests
{
    /// <summary>Salimans et al. 2016, §3.2, computed with loops in float64: M_i = f(x_i)·T reshaped [B, C];
    /// c_b(x_i, x_j) = exp(−Σ_c |M_{i,b,c} − M_{j,b,c}|); o(x_i)_b = Σ_j c_b(x_i, x_j); output [f(x_i), o(x_i)].</summary>
    [Fact]
    public void OutputMatchesThePapersFormulaOnATinyBatch()
    {
        const int n = 3, a = 4, b = 2, c = 3;
        torch.manual_seed(5);
        using var mbd = new MinibatchDiscrimination(a, b, c);
        using var scope = NewDisposeScope();
        var f = randn(n, a);
        var outp = mbd.call(f).to_type(ScalarType.Float64).data<double>().ToArray();
        var fx = f.to_type(ScalarType.Float64).data<double>().ToArray();
        var t = mbd.T.detach().to_type(ScalarType.Float64).data<double>().ToArray(); // [a, b·c]
        var m = new double[n, b, c];
        for (var i = 0; i < n; i++)
        for (var k = 0; k < b; k++)
        for (var d = 0; d < c; d++)
        for (var q = 0; q < a; q++)
            m[i, k, d] += fx[i * a + q] * t[q * b * c + k * c + d];
        Assert.Equal(n * (a + b), outp.Length);
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < a; q++) Assert.Equal(fx[i * a + q], outp[i * (a + b) + q], 6);
            for (var k = 0; k < b; k++)
            {
                double o = 0;
                for (var j = 0; j < n; j++)
                {
                    double l1 = 0;
                    for (var d = 0; d < c; d++) l1 += Math.Abs(m[i, k, d] - m[j, k, d]);
                    o += Math.Exp(-l1);
                }
                Assert.Equal(o, outp[i * (a + b) + a + k], 5);
            }
        }
    }

    [Fact]
    public void DiscriminatorGetsTheFeaturesBeforeItsHeadsAndThePapersDefaults()
    {
        var spec = new NetworkSpec("conv", 100, 32, 3, Heads: 8, BaseWidth: 4, MbdKernels: MinibatchDiscrimination.DefaultKernels);
        using var d = DiscriminatorFactory.Create(spec);
        var names = d.named_children().Select(c => c.name).ToArray();
        Assert.Equal(["mbd", "heads"], names[^2..]);
        var mbd = (MinibatchDiscrimination)d.named_children().First(c => c.name == "mbd").module;
        Assert.Equal((100, 5), (mbd.Kernels, mbd.KernelDim));
        Assert.Equal(mbd.InFeatures + 100, ((TorchSharp.Modules.Linear)d.children().Last()).in_features);
        using var scope = NewDisposeScope();
        Assert.Equal([5L, 8], d.call(randn(5, 3, 32, 32)).shape);
    }
}

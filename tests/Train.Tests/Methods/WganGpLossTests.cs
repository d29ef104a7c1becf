using MmaGan.Train.Methods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Methods;

public class WganGpLossTests
{
    /// <summary>
    /// The gradient penalty against a hand computation for the critic C(x) = v·tanh(W·x + b) + c (2 → 3 → 1):
    /// ∇C(x) = Wᵀ (v ⊙ (1 − tanh²(W·x + b))), x̂_i = ε_i·x_i + (1 − ε_i)·G(z)_i with ε_i the next B uniforms of the
    /// generator passed in, penalty = (1/B) Σ_i (‖∇C(x̂_i)‖₂ − 1)², all in double precision.
    /// </summary>
    [Fact]
    public void GradientPenaltyMatchesAHandComputation()
    {
        const int b = 5;
        torch.manual_seed(11);
        using var critic = nn.Sequential(("fc1", nn.Linear(2, 3)), ("tanh", nn.Tanh()), ("fc2", nn.Linear(3, 1)));
        var fc1 = (TorchSharp.Modules.Linear)critic[0];
        var fc2 = (TorchSharp.Modules.Linear)critic[2];
        // Scale the weights up so that the gradient norms straddle 1 (both signs of ‖∇C‖ − 1 take part).
        using (no_grad()) { fc1.weight!.mul_(3); fc2.weight!.mul_(3); }
        var w = fc1.weight!.data<float>().ToArray();   // [3,2]
        var bias = fc1.bias!.data<float>().ToArray();  // [3]
        var v = fc2.weight!.data<float>().ToArray();   // [1,3]
        using var scope = NewDisposeScope();
        var real = randn([b, 2]);
        var fake = randn([b, 2]) * 2 + 1;
        using var rng = new Generator(5);
        using var twin = new Generator(5);
        var eps = rand([b, 1], generator: twin).data<float>().ToArray();
        var x = real.data<float>().ToArray();
        var y = fake.data<float>().ToArray();

        var expected = 0.0;
        var norms = new double[b];
        for (var i = 0; i < b; i++)
        {
            var xh = new[] { eps[i] * x[2 * i] + (1 - eps[i]) * y[2 * i], eps[i] * x[2 * i + 1] + (1 - eps[i]) * y[2 * i + 1] };
            var grad = new double[2];
            for (var j = 0; j < 3; j++)
            {
                var t = Math.Tanh(w[2 * j] * xh[0] + w[2 * j + 1] * xh[1] + bias[j]);
                var back = v[j] * (1 - t * t);
                grad[0] += w[2 * j] * back;
                grad[1] += w[2 * j + 1] * back;
            }
            norms[i] = Math.Sqrt(grad[0] * grad[0] + grad[1] * grad[1]);
            expected += (norms[i] - 1) * (norms[i] - 1) / b;
        }
        Assert.Contains(norms, n => n < 1);
        Assert.Contains(norms, n => n > 1);

        var penalty = WganGpLoss.GradientPenalty(critic, real, fake, rng).item<float>();
        Assert.Equal(expected, penalty, 1e-5 * Math.Max(1, expected));
    }
}

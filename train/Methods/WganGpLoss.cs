using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Methods;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): critic loss E[C(G(z))] − E[C(x)] + w · E[(‖∇C(x̂)‖₂ − 1)²] on random interpolates
/// x̂ = εx + (1 − ε)G(z), ε ~ U[0,1] per sample; generator loss −E[C(G(z))].
/// </summary>
public static class WganGpLoss
{
    public static Tensor Critic(Tensor realScores, Tensor fakeScores) => fakeScores.mean() - realScores.mean();

    public static Tensor Generator(Tensor fakeScores) => -fakeScores.mean();

    /// <summary>E[(‖∇_x̂ C(x̂)‖₂ − 1)²] with ε drawn from <paramref name="gen"/>.</summary>
    public static Tensor GradientPenalty(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator gen)
    {
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var eps = rand(shape, generator: gen, device: real.device);
        var interp = (eps * real + (1 - eps) * fake).requires_grad_(true);
        var scores = critic.call(interp);
        var grads = autograd.grad([scores.sum()], [interp], retain_graph: true, create_graph: true)[0];
        var norms = grads.reshape(grads.shape[0], -1).norm(1);
        return (norms - 1).square().mean();
    }
}

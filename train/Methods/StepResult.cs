namespace MmaGan.Train.Methods;

/// <summary>Losses of one generator step (and the D/critic updates before it). Activations: A_1..A_K (MMA-GAN only).</summary>
public sealed record StepResult(double LossD, double LossG, double? LossGDiv, double[]? Activations)
{
    /// <summary>WGAN-GP only, from the last critic update: the Wasserstein estimate E[C(x)] − E[C(G(z))] and the gradient
    /// penalty E[(‖∇C(x̂)‖₂ − 1)²] (unweighted), logged as <c>wasserstein_estimate</c> and <c>gradient_penalty</c>.</summary>
    public (double Wasserstein, double Penalty)? Critic { get; init; }

    public bool IsFinite => double.IsFinite(LossD) && double.IsFinite(LossG) && (LossGDiv is null || double.IsFinite(LossGDiv.Value));
}

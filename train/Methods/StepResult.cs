namespace MmaGan.Train.Methods;

/// <summary>Losses of one generator step (and the D/critic updates before it). Activations: A_1..A_K (MMA-GAN only).</summary>
public sealed record StepResult(double LossD, double LossG, double? LossGDiv, double[]? Activations)
{
    public bool IsFinite => double.IsFinite(LossD) && double.IsFinite(LossG) && (LossGDiv is null || double.IsFinite(LossGDiv.Value));
}

namespace MmaGan.Train.Config;

/// <summary>
/// The published protocols a run starts from: each preset is a <see cref="TrainConfig"/> of that protocol's defaults, and the
/// command line only overrides the settings it names explicitly. Code that builds a <see cref="TrainConfig"/> through
/// <see cref="For"/> trains the same protocol as the CLI.
/// <list type="bullet">
/// <item><see cref="Paper"/> — the MMA-GAN paper: Adam 2e-4, β = (0.5, 0.999), B = M = 64, seed 42 (WGAN-GP: its own paper's
/// Adam 1e-4, β = (0, 0.9)); <see cref="TrainConfig.ForMethod"/>.</item>
/// <item><see cref="PacGanToy"/> — PacGAN's 2-D toys (Lin et al. 2018, Blocks code; <c>--toy-net pacgan</c>): z ∈ R², Adam 1e-4,
/// β1 0.8, batch 100, simultaneous updates, G's batch-norm statistics refreshed on 50 batches before every evaluation.</item>
/// <item><see cref="PacGanStackedMnist"/> — PacGAN's Stacked MNIST runs of Unrolled GAN's setup (folders <c>D=0.25G/</c>,
/// <c>D=0.5G/</c> of its code; <c>--data stacked-mnist:PATH</c>): the stacked-mnist networks at 28×28, z ∈ R^256, batch 128,
/// Adam with D lr 2e-4 and G lr 1e-4, β = (0.5, 0.99), one D and one G step per iteration; the MMA-GAN diversity batch M = B.
/// PacGAN sampled G with batch statistics (train-mode batch norm on batches of 128); the refresh on 50 batches of 128 gives the
/// exported, per-sample G those statistics. WGAN-GP keeps its own paper's optimizer on these networks (and no batch norm in
/// the critic). PacGAN trained 500,000 iterations: the budget is not part of the preset (pass <c>--steps</c>).</item>
/// </list>
/// </summary>
public static class TrainPresets
{
    public const string Paper = "mma-gan-paper", PacGanToy = "pacgan-toy", PacGanStackedMnist = "pacgan-stacked-mnist";
    public static readonly string[] Names = [Paper, PacGanToy, PacGanStackedMnist];

    /// <summary>The preset a run of <paramref name="data"/> with these network choices starts from.</summary>
    public static string Choose(string data, string? net, string toyNet)
    {
        if (Shared.Toy.ToyMixture.IsToy(data)) return toyNet == "pacgan" ? PacGanToy : Paper;
        var stacked = Shared.Datasets.ImageDataSpec.TryParse(data)?.Kind == Shared.Datasets.ImageDataSpec.StackedMnist;
        return net is "stacked-mnist" || (stacked && net is null or "auto") ? PacGanStackedMnist : Paper;
    }

    /// <summary>The defaults of <paramref name="preset"/> for <paramref name="method"/>.</summary>
    public static TrainConfig For(string preset, GanMethod method)
    {
        var d = TrainConfig.ForMethod(method) with { Preset = preset };
        var wgan = method == GanMethod.WganGp;
        return preset switch
        {
            Paper => d,
            PacGanToy => (wgan ? d : d with { LrG = 1e-4, LrD = 1e-4, Beta1 = 0.8, Update = "simultaneous" })
                with { ToyNet = "pacgan", Batch = 100, LatentSize = 2, BnRecalibration = 50 },
            PacGanStackedMnist => (wgan ? d : d with { LrG = 1e-4, LrD = 2e-4, Beta1 = 0.5, Beta2 = 0.99 })
                with { Net = "stacked-mnist", Batch = 128, DivBatch = 128, LatentSize = 256, ImageSize = 28, BnRecalibration = 50 },
            _ => throw new Shared.IO.InputException($"--preset: unknown preset '{preset}' (expected {string.Join(", ", Names)})"),
        };
    }
}

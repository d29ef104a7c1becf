using System.Globalization;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// One training run of a sweep. <see cref="ConfigId"/> names the configuration (everything but the seed: the unit the
/// summary averages over); <see cref="RunId"/> adds the seed and names the run folder. K, λ, τ are null for the baselines.
/// A variant (extra baseline, <see cref="VariantSpec"/>) has its name, e.g. "dcgan+sn", as <see cref="Method"/>.
/// <see cref="DSize"/> is the stacked-mnist networks' D size (the config's <c>d_sizes</c> axis), null when the sweep has none.
/// </summary>
public sealed record RunSpec(string Dataset, string Method, int? K, double? Lambda, double? Tau, int Seed, double? DSize = null)
{
    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Short dataset name: "ring8", "grid25", "cifar10" (a data spec's kind).</summary>
    public string DatasetName => ExperimentConfig.IsToy(Dataset) ? Dataset : Shared.Datasets.ImageDataSpec.TryParse(Dataset)?.Kind ?? Dataset;

    public string ConfigId => (Method == "mma"
        ? $"{DatasetName}_mma_k{K}_l{F(Lambda!.Value)}_t{F(Tau!.Value)}"
        : $"{DatasetName}_{Method}") + (DSize is { } d ? $"_d{F(d)}" : "");

    /// <summary>"D = 1/4 G" for a D size of 0.25 (as PacGAN's Table 3 heads its columns), or null.</summary>
    public string? DSizeLabel => DSize switch { null => null, 0.25 => "D = 1/4 G", 0.5 => "D = 1/2 G", var d => $"D = {F(d!.Value)} G" };

    public string RunId => $"{ConfigId}_s{Seed}";

    /// <summary>Human label of the configuration, e.g. "MMA-GAN K=8 λ=0.5 τ=0.5".</summary>
    public string Label => Method switch
    {
        "mma" => $"MMA-GAN K={K} λ={F(Lambda!.Value)} τ={F(Tau!.Value)}",
        "dcgan" => "DCGAN",
        "wgan-gp" => "WGAN-GP",
        _ when IsVariant => VariantLabel,
        _ when ExperimentConfig.PackOf(Method) is { } m => $"PacGAN{m}",
        _ => Method,
    };

    /// <summary>Whether this is an extra baseline ("BASE+SUFFIX").</summary>
    public bool IsVariant => Method.Contains('+');

    /// <summary>"dcgan+sn" → "DCGAN+SN"; "mma+sn" → "MMA-GAN+SN K=8 λ=0.5 τ=0.5"; "dcgan+ls0.9" → "DCGAN+LS0.9".</summary>
    string VariantLabel
    {
        get
        {
            var parts = Method.Split('+');
            var baseLabel = (this with { Method = parts[0] }).Label.Split(' ')[0];
            var label = string.Join("+", [baseLabel, .. parts.Skip(1).Select(p => p.ToUpperInvariant())]);
            return K is null ? label : $"{label} K={K} λ={F(Lambda!.Value)} τ={F(Tau!.Value)}";
        }
    }
}

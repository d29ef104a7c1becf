using MmaGan.Train.Config;
using MmaGan.Train.Data;
using MmaGan.Train.Training;

namespace MmaGan.Train.Export;

/// <summary>Exports the generator of a <see cref="TrainingState"/> (end of training, or a loaded checkpoint).</summary>
public static class TrainingStateExport
{
    /// <summary>
    /// Metadata for the state's generator: method, K (D heads: 1 for the baselines), effective λ, τ (empty for the baselines), dataset name,
    /// image size (0 for toys), latent size, "standard_normal", output range ("[-1,1]" for images, "unbounded" for
    /// 2-D toys), step, seed, packing m and the toy networks (small | pacgan).
    /// </summary>
    public static GeneratorExportInfo Info(TrainingState state)
    {
        var c = state.Config;
        var toy = state.Spec.IsToy;
        int[] sampleShape = toy ? [2] : [state.Spec.Channels, state.Spec.ImageSize, state.Spec.ImageSize];
        return new GeneratorExportInfo(TrainConfig.MethodName(c.Method), c.Heads, c.EffectiveLambda, c.EffectiveTau, DataSpec.DatasetName(c.Data),
            toy ? 0 : state.Spec.ImageSize, c.LatentSize, "standard_normal", toy ? "unbounded" : "[-1,1]", state.Step, c.Seed, sampleShape,
            c.Pack, toy ? c.ToyNet : null);
    }

    /// <summary>Exports with the parity check (see <see cref="GeneratorExporter.Export"/>); returns the max abs difference.</summary>
    public static double Export(TrainingState state, string outPath) => GeneratorExporter.Export(state.Generator, Info(state), outPath);
}

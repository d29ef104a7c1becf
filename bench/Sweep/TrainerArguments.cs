using System.Globalization;

namespace MmaGan.Bench.Sweep;

/// <summary>The <c>mmagan-train</c> command line of one run: its method, data, seed and hyper-parameters, plus the config's training budget and flags.</summary>
public static class TrainerArguments
{
    static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <param name="root">The repository root, against which the config's relative data paths are resolved.</param>
    public static List<string> For(ExperimentConfig config, RunSpec run, string runDir, string root)
    {
        var t = config.Train;
        var data = ExperimentConfig.ResolvedSpec(run.Dataset, root);
        // A variant (e.g. dcgan+sn) trains its base method with its extra flags.
        var variant = config.Variants.FirstOrDefault(v => v.Name == run.Method);
        var pack = ExperimentConfig.PackOf(run.Method); // PacGAN-m = the standard GAN with D on packs of m samples
        var method = variant?.BaseMethod ?? (pack is null ? run.Method : "dcgan");
        var args = new List<string> { "--method", method, "--data", data, "--out", runDir, "--seed", I(run.Seed),
            "--threads", I(t.Threads), "--batch", I(t.Batch), "--device", t.Device, "--keep-checkpoints", I(t.KeepCheckpoints), "--json" };
        if (pack is { } m) args.AddRange(["--pack", I(m)]);
        if (run.DSize is { } d) args.AddRange(["--d-size", F(d)]);
        if (t.Steps is { } s) args.AddRange(["--steps", I(s)]);
        else args.AddRange(["--epochs", F(t.Epochs!.Value)]);
        if (method == "mma")
            args.AddRange(["--k", I(run.K!.Value), "--lambda", F(run.Lambda!.Value), "--tau", F(run.Tau!.Value), "--div-batch", I(t.DivBatch)]);
        void Opt(string flag, int? v) { if (v is { } x) args.AddRange([flag, I(x)]); }
        Opt("--image-size", t.ImageSize);
        Opt("--base-width", t.BaseWidth);
        Opt("--sample-every", t.SampleEvery);
        Opt("--metrics-every", t.MetricsEvery);
        Opt("--checkpoint-every", t.CheckpointEvery);
        args.AddRange(t.ExtraArgs);
        if (variant is not null) args.AddRange(variant.Args);
        return args;
    }
}

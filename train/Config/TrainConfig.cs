namespace MmaGan.Train.Config;

/// <summary>The GAN objective trained.</summary>
public enum GanMethod { Mma, Dcgan, WganGp }

/// <summary>
/// Every setting of one training run; written to <c>config.json</c> and read back on <c>--resume</c>.
/// The property defaults follow the MMA-GAN paper: Adam 2e-4 (β = 0.5, 0.999), B = M = 64, 100 epochs, seed 42, K = 8,
/// λ = 0.5, τ = 0.5; WGAN-GP's 5 critic steps and GP weight 10 are used by WGAN-GP only. WGAN-GP's own paper's optimizer
/// (Adam 1e-4, β = (0, 0.9)) comes from <see cref="ForMethod"/>, which the CLI builds every run's config from;
/// <c>new TrainConfig { Method = GanMethod.WganGp }</c> alone keeps the MMA-GAN optimizer.
/// </summary>
public sealed record TrainConfig
{
    public GanMethod Method { get; init; } = GanMethod.Mma;
    public string Data { get; init; } = "grid25";
    public string Out { get; init; } = "runs/run";
    /// <summary>Generator steps to train; when null, <see cref="Epochs"/> passes over the data decide.</summary>
    public long? Steps { get; init; }
    public double Epochs { get; init; } = 100;
    public int K { get; init; } = 8;
    public double Lambda { get; init; } = 0.5;
    public double Tau { get; init; } = 0.5;
    public int Batch { get; init; } = 64;
    public int DivBatch { get; init; } = 64;
    public double LrG { get; init; } = 2e-4;
    public double LrD { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    public double Beta2 { get; init; } = 0.999;
    public int ImageSize { get; init; } = 32;
    public int LatentSize { get; init; } = 100;
    public int BaseWidth { get; init; } = 64;
    public int CriticSteps { get; init; } = 5;
    public double GpWeight { get; init; } = 10;
    public int Seed { get; init; } = 42;
    public string Device { get; init; } = "cpu";
    /// <summary>Intra-op threads, 0 = all cores (as in every program); null = automatic: 1 for the 2-D toys (tiny MLPs run
    /// fastest single-threaded), all cores otherwise.</summary>
    public int? Threads { get; init; }

    public int EffectiveThreads(bool toy) => Threads is > 0 and var t ? t : Threads == 0 || !toy ? Environment.ProcessorCount : 1;
    public int SampleEvery { get; init; } = 500;
    public int CheckpointEvery { get; init; } = 1000;
    public int MetricsEvery { get; init; } = 500;
    /// <summary>Checkpoints kept besides the newest (older ones are deleted); 0 keeps all.</summary>
    public int KeepCheckpoints { get; init; } = 0;
    public bool Export { get; init; } = true;
    /// <summary>Convolution path: auto (oneDNN unless the start-up numerics check finds it wrong on this CPU), onednn, gemm or aten.</summary>
    public string ConvBackend { get; init; } = "auto";

    // Stabilisers from the seed papers: discriminator options that compose with every method.
    /// <summary>Spectral normalisation of every Conv/Linear weight of D (Miyato et al. 2018); D then has no batch norm.</summary>
    public bool SpectralNorm { get; init; }
    /// <summary>One-sided label smoothing: real targets A in D's loss (Salimans et al. 2016); null = 1 (off).</summary>
    public double? LabelSmoothing { get; init; }
    /// <summary>Minibatch discrimination before D's heads (Salimans et al. 2016) with <see cref="MbdKernels"/> kernels of <see cref="MbdDim"/> dims.</summary>
    public bool MinibatchDiscrimination { get; init; }
    public int MbdKernels { get; init; } = 100;
    public int MbdDim { get; init; } = 5;
    /// <summary>Feature matching: G's adversarial term is ‖E f(x) − E f(G(z))‖² on D's last hidden features (Salimans et al. 2016).</summary>
    public bool FeatureMatching { get; init; }
    /// <summary>Network family: auto (toy MLPs for the 2-D mixtures, the Stacked MNIST pair for <c>stacked-mnist:</c>, DCGAN conv
    /// nets for other images), conv, mlp (Goodfellow et al. 2014: fully connected G, maxout D; images only) or stacked-mnist
    /// (Unrolled GAN's / PacGAN's 28×28 pair; <see cref="DSize"/>).</summary>
    public string Net { get; init; } = "auto";
    /// <summary>The stacked-mnist D's size relative to G: 0.25 (filters 2, 4, 8) or 0.5 (4, 8, 16) — PacGAN's Table 3 columns.</summary>
    public double DSize { get; init; } = 0.25;
    /// <summary>The protocol whose defaults this run started from (<see cref="TrainPresets"/>); informative, every setting is recorded.</summary>
    public string Preset { get; init; } = TrainPresets.Paper;
    /// <summary>2-D toy networks: "small" (2-layer MLPs of 128) or "pacgan" (PacGAN's toy networks: z ∈ R², 4 × BN-ReLU 400 G,
    /// 3 × maxout(200, 5) D).</summary>
    public string ToyNet { get; init; } = "small";
    /// <summary>Toys: a fixed training set of this many samples drawn once from the seed; 0 = a fresh sample every batch.</summary>
    public int TrainSet { get; init; }
    /// <summary>PacGAN packing: D sees this many samples concatenated (1 = no packing). Composes with every method.</summary>
    public int Pack { get; init; } = 1;
    /// <summary>How D and G are updated each step: "alternating" (D steps, then G against the updated D; DCGAN's and the
    /// MMA-GAN paper's loop) or "simultaneous" (both gradients at the same parameters on one batch, then both step: the
    /// ALI/PacGAN algorithm their toy tables were trained with). WGAN-GP always alternates (n critic steps, then G).</summary>
    public string Update { get; init; } = "alternating";
    /// <summary>Before G is evaluated or saved (samples, toy metrics, every checkpoint, the export) its batch-norm population
    /// statistics are refreshed on this many batches of fresh latents from the frozen G (PacGAN's protocol: 50); 0 = off.</summary>
    public int BnRecalibration { get; init; }
    /// <summary>Learning-rate schedule over the run: "none" (constant) or "linear" (to 0 at the last step).</summary>
    public string LrDecay { get; init; } = "none";

    // Image metrics during training (StudioGAN's periodic FID): G exported with its batch-norm refresh and scored by the
    // evaluator's library in process (Evaluation/TrainingEvaluator), one row of metrics.csv per evaluation.
    /// <summary>Score G every this many steps and at the last step (0 = off; image data only: the toys log their own metrics).</summary>
    public int EvalEvery { get; init; }
    /// <summary>The metrics scored, comma-separated <see cref="Shared.Metrics.MetricRegistry"/> names (fid, is, kid, prdc, lpips, modes, …).</summary>
    public string EvalMetrics { get; init; } = DefaultEvalMetrics;
    public const string DefaultEvalMetrics = "fid";
    /// <summary>Samples drawn from G at each evaluation (the evaluator's latents of seed 42: the same ones every time).</summary>
    public int EvalN { get; init; } = DefaultEvalN;
    public const int DefaultEvalN = 1000;
    /// <summary>Reference images used (the first this many; null: as many as <see cref="EvalN"/>). Their features are cached, so only the first evaluation reads them.</summary>
    public int? EvalNRef { get; init; }
    /// <summary>The reference of the metrics that have one (null: the training data itself, <see cref="Data"/>).</summary>
    public string? EvalReference { get; init; }
    /// <summary>The feature model of fid, kid, prdc, fd-inf and vendi (null: the models folder's Inception).</summary>
    public string? EvalFeatureModel { get; init; }

    /// <summary>The metric names of <see cref="EvalMetrics"/>, in the order given.</summary>
    public IReadOnlyList<string> EvalMetricNames() =>
        [.. EvalMetrics.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m.ToLowerInvariant()).Distinct()];

    /// <summary>The number of D heads actually used: K for MMA-GAN, 1 for DCGAN and WGAN-GP.</summary>
    public int Heads => Method == GanMethod.Mma ? K : 1;

    /// <summary>λ actually used: 0 for the baselines.</summary>
    public double EffectiveLambda => Method == GanMethod.Mma ? Lambda : 0;

    /// <summary>τ actually used: null for the baselines, which have no activation target.</summary>
    public double? EffectiveTau => Method == GanMethod.Mma ? Tau : null;

    /// <summary>The network family actually built: <see cref="Net"/>, with auto resolved from the data.</summary>
    public string ResolvedNet => Net != "auto" ? Net
        : Shared.Toy.ToyMixture.IsToy(Data) ? (ToyNet == "pacgan" ? "toy-pacgan" : "toy")
        : Shared.Datasets.ImageDataSpec.TryParse(Data)?.Kind == Shared.Datasets.ImageDataSpec.StackedMnist ? "stacked-mnist" : "conv";

    /// <summary>The defaults for <paramref name="method"/>: the properties' defaults, with WGAN-GP's optimizer (Adam 1e-4,
    /// β = (0, 0.9); Gulrajani et al. 2017) for WGAN-GP. A protocol's own defaults come from <see cref="TrainPresets.For"/>.</summary>
    public static TrainConfig ForMethod(GanMethod method) => method == GanMethod.WganGp
        ? new TrainConfig { Method = method, LrG = 1e-4, LrD = 1e-4, Beta1 = 0, Beta2 = 0.9 }
        : new TrainConfig { Method = method };

    public static string MethodName(GanMethod m) => m switch
    {
        GanMethod.Mma => Shared.Runs.MethodNames.Mma,
        GanMethod.Dcgan => Shared.Runs.MethodNames.Dcgan,
        GanMethod.WganGp => Shared.Runs.MethodNames.WganGp,
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    /// <summary>The method of a <c>--method</c> value (the spellings of <see cref="Shared.Runs.MethodNames"/>).</summary>
    public static GanMethod ParseMethod(string s) => Shared.Runs.MethodNames.Canonical(s) switch
    {
        Shared.Runs.MethodNames.Mma => GanMethod.Mma,
        Shared.Runs.MethodNames.Dcgan => GanMethod.Dcgan,
        Shared.Runs.MethodNames.WganGp => GanMethod.WganGp,
        _ => throw new Shared.IO.InputException($"--method: unknown method '{s}' (expected mma, dcgan or wgan-gp){Shared.Cli.NearestNames.Suggestion(s, Shared.Runs.MethodNames.All)}"),
    };

    /// <summary>Checks ranges; throws InputException naming the flag.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new Shared.IO.InputException(message); }
        Check(K >= 1, "--k must be at least 1");
        Check(Batch >= 1 && DivBatch >= 1, "--batch and --div-batch must be at least 1");
        Check(Lambda >= 0, "--lambda must be non-negative");
        Check(Tau is >= 0 and <= 1, "--tau must lie in [0, 1]");
        Check(Steps is null or > 0, "--steps must be positive");
        Check(Epochs > 0, "--epochs must be positive");
        Check(LrG > 0 && LrD > 0, "learning rates must be positive");
        Check(ResolvedNet == "stacked-mnist" ? ImageSize == 28 : ImageSize is 32 or 64 or 128 or 256,
            ResolvedNet == "stacked-mnist" ? "--image-size: the stacked-mnist networks are 28×28 (--net conv trains the DCGAN nets on digits padded to 32)"
                : "--image-size must be 32, 64, 128 or 256");
        Check(Threads is null or >= 0, "--threads must be at least 0 (0 = all cores)");
        // More threads than cores only thrash (5 steps: 32 s at --threads 1000 instead of 0.02 s) and can exhaust memory.
        Check(Threads is null or 0 || Threads <= Environment.ProcessorCount,
            $"--threads {Threads}: more than the {Environment.ProcessorCount} cores this process may use (0 = all of them)");
        Check(ConvBackend is "auto" or "onednn" or "gemm" or "aten", $"--conv-backend: unknown value '{ConvBackend}' (expected auto, onednn, gemm or aten)");
        Check(SampleEvery >= 1 && CheckpointEvery >= 1 && MetricsEvery >= 1, "intervals must be at least 1");
        ValidateEvaluation(Check);
        ValidateStabilisers(Check);
    }

    /// <summary>The image metrics during training: intervals, counts, known metric names, image data.</summary>
    void ValidateEvaluation(Action<bool, string> check)
    {
        check(EvalEvery >= 0, "--eval-every must be at least 0 (0 = off)");
        check(EvalN >= 2, $"--eval-n must be at least 2, got {EvalN}");
        check(EvalNRef is null or >= 2, $"--eval-n-ref must be at least 2, got {EvalNRef}");
        if (EvalEvery == 0) return;
        check(!Shared.Toy.ToyMixture.IsToy(Data),
            $"--eval-every scores image generators; the 2-D toys ({Data}) log modes, HQ fraction and reverse KL to metrics.csv every --metrics-every ({MetricsEvery}) steps");
        var known = Shared.Metrics.MetricRegistry.All.Where(m => m.Generated != Shared.Metrics.MetricInput.ToySamples).Select(m => m.Name).ToArray();
        check(EvalMetricNames().Count > 0, $"--eval-metrics: no metric given (expected some of {string.Join(", ", known)})");
        foreach (var m in EvalMetricNames())
            check(known.Contains(m), $"--eval-metrics: unknown metric '{m}' (expected a comma-separated list of {string.Join(", ", known)}){Shared.Cli.NearestNames.Suggestion(m, known)}");
    }

    /// <summary>The stabilisers' own ranges and the combinations that make no sense.</summary>
    void ValidateStabilisers(Action<bool, string> check)
    {
        var wgan = Method == GanMethod.WganGp;
        check(LabelSmoothing is null or (> 0.5 and <= 1), "--label-smoothing must lie in (0.5, 1] (the real target; fakes stay 0)");
        check(!(wgan && LabelSmoothing is not null), "--label-smoothing needs a classifier D (dcgan or mma); the WGAN-GP critic has no labels");
        check(!(wgan && FeatureMatching), "--feature-matching needs --method dcgan or mma (WGAN-GP's generator loss is the critic score)");
        check(!(wgan && MinibatchDiscrimination), "--minibatch-discrimination couples the samples of a batch; WGAN-GP's gradient penalty is per sample");
        check(MbdKernels >= 1 && MbdDim >= 1, "--mbd-kernels and --mbd-dim must be at least 1");
        check(Net is "auto" or "conv" or "mlp" or "stacked-mnist", $"--net: unknown network '{Net}' (expected conv, mlp or stacked-mnist)");
        var toy = Shared.Toy.ToyMixture.IsToy(Data);
        check(!(toy && Net != "auto"), $"--net {Net} is for image data; the 2-D toys ({Data}) use their own MLPs");
        var stacked = Shared.Datasets.ImageDataSpec.TryParse(Data)?.Kind == Shared.Datasets.ImageDataSpec.StackedMnist;
        check(ResolvedNet != "stacked-mnist" || stacked, $"--net stacked-mnist needs --data stacked-mnist:PATH (its networks are 28×28×3), not {Data}");
        check(DSize is 0.25 or 0.5, $"--d-size {DSize}: expected 0.25 or 0.5 (D a quarter or half of G, PacGAN's Table 3)");

        check(ToyNet is "small" or "pacgan", $"--toy-net: unknown network '{ToyNet}' (expected pacgan or small)");
        check(ToyNet == "small" || Shared.Toy.ToyMixture.IsToy(Data), "--toy-net pacgan applies to the 2-D toys only (ring8, grid25, ring8-pacgan)");
        check(TrainSet == 0 || toy || stacked, "--train-set applies to the 2-D toys and stacked-mnist only");
        check(TrainSet >= 0, "--train-set must be at least 0 (0 = a fresh sample every batch)");
        check(Pack is >= 1 and <= 64, "--pack must lie in 1..64");
        check(Training.LearningRateSchedule.Names.Contains(LrDecay),
            $"--lr-decay: unknown schedule '{LrDecay}' (expected {string.Join(" or ", Training.LearningRateSchedule.Names)})");
        check(BnRecalibration >= 0, "--bn-recalibration must be at least 0 (0 = off)");
        check(Update is "alternating" or "simultaneous", $"--update: unknown value '{Update}' (expected alternating or simultaneous)");
        check(!(wgan && Update == "simultaneous"), "--update simultaneous needs --method dcgan or mma (WGAN-GP takes n critic steps per G step)");
    }
}

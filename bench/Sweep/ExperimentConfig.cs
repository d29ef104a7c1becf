using System.Text.Json;
using System.Text.Json.Serialization;
using MmaGan.Shared.Datasets;
using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>The hyper-parameter grid of MMA-GAN runs: every combination of K, λ and τ (the paper: K∈{4,8,16}, λ∈{0.1,0.5,1.0}, τ∈{0.3,0.5,0.7}).
/// The baselines (DCGAN, WGAN-GP) ignore it.</summary>
public sealed record GridSpec
{
    [JsonPropertyName("k")] public int[] K { get; init; } = [];
    [JsonPropertyName("lambda")] public double[] Lambda { get; init; } = [];
    [JsonPropertyName("tau")] public double[] Tau { get; init; } = [];
}

/// <summary>The training budget and trainer flags shared by every run of a sweep.</summary>
public sealed record TrainSpec
{
    /// <summary>Generator steps per run; when null, <see cref="Epochs"/> decides.</summary>
    [JsonPropertyName("steps")] public long? Steps { get; init; }
    [JsonPropertyName("epochs")] public double? Epochs { get; init; }
    [JsonPropertyName("batch")] public int Batch { get; init; } = 64;
    [JsonPropertyName("div_batch")] public int DivBatch { get; init; } = 64;
    [JsonPropertyName("image_size")] public int? ImageSize { get; init; }
    [JsonPropertyName("base_width")] public int? BaseWidth { get; init; }
    /// <summary>Trainer intra-op threads, 0 = all cores (default 1: two single-threaded toy jobs use two cores best).</summary>
    [JsonPropertyName("threads")] public int Threads { get; init; } = 1;
    [JsonPropertyName("device")] public string Device { get; init; } = "cpu";
    [JsonPropertyName("sample_every")] public int? SampleEvery { get; init; }
    [JsonPropertyName("metrics_every")] public int? MetricsEvery { get; init; }
    [JsonPropertyName("checkpoint_every")] public int? CheckpointEvery { get; init; }
    /// <summary>Older checkpoints kept besides the newest (mmagan-train --keep-checkpoints; 0 = all, so that a learning curve
    /// can score each, e.g. tools/learning-curve.sh). Default 1: a cut run resumes from the newest or, if that one is damaged, the one before.</summary>
    [JsonPropertyName("keep_checkpoints")] public int KeepCheckpoints { get; init; } = 1;
    /// <summary>Further trainer flags passed verbatim (e.g. ["--critic-steps", "5"]).</summary>
    [JsonPropertyName("extra_args")] public string[] ExtraArgs { get; init; } = [];
}

/// <summary>
/// An extra baseline: a method with trainer flags, e.g. the seed papers' stabilisers. <see cref="Name"/> is
/// "BASE+SUFFIX" with BASE one of dcgan, wgan-gp, mma ("dcgan+sn", "mma+sn"); it is the run's method column and config id,
/// and reads as "DCGAN+SN" in the summaries. An mma-based variant runs at one (K, λ, τ) (the paper's 8, 0.5, 0.5 unless given).
/// </summary>
public sealed record VariantSpec
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("k")] public int? K { get; init; }
    [JsonPropertyName("lambda")] public double? Lambda { get; init; }
    [JsonPropertyName("tau")] public double? Tau { get; init; }
    /// <summary>Trainer flags of this variant, passed after the sweep's own (e.g. ["--spectral-norm"]).</summary>
    [JsonPropertyName("args")] public string[] Args { get; init; } = [];

    /// <summary>The trainer method: the part of <see cref="Name"/> before the first '+' (canonical), or null when unknown.</summary>
    public string? BaseMethod => ExperimentConfig.CanonicalMethod(Name.Split('+')[0]);
}

/// <summary>ONNX feature models to build from weight files before evaluating (e.g. random-weight fixtures on a machine
/// without the official weights). Paths relative to the repository root.</summary>
public sealed record BuildModelsSpec
{
    [JsonPropertyName("fid_weights")] public string? FidWeights { get; init; }
    [JsonPropertyName("lpips_trunk")] public string? LpipsTrunk { get; init; }
    [JsonPropertyName("lpips_lin")] public string? LpipsLin { get; init; }
}

/// <summary>What is measured after training, and on how many samples.</summary>
public sealed record EvalSpec
{
    /// <summary>Metric names of the evaluator's registry: "toy" (2-D mixtures), "fid", "is", "lpips", "kid", "prdc", "fd-inf", ….</summary>
    [JsonPropertyName("metrics")] public string[] Metrics { get; init; } = [];
    /// <summary>Samples of a 2-D toy generator (null: the evaluator's default, 2,500).</summary>
    [JsonPropertyName("toy_samples")] public int? ToySamples { get; init; }
    /// <summary>Generated samples for the image metrics (null: the evaluator's default, 50,000).</summary>
    [JsonPropertyName("samples")] public int? Samples { get; init; }
    /// <summary>Real images for the reference statistics (null = the whole dataset).</summary>
    [JsonPropertyName("reference_samples")] public int? ReferenceSamples { get; init; }
    /// <summary>Inception Score splits (null: the evaluator's default, 10).</summary>
    [JsonPropertyName("is_splits")] public int? IsSplits { get; init; }
    /// <summary>LPIPS diversity pairs P, drawn from the first 2·P generated samples (null: the evaluator's default, 1,000).</summary>
    [JsonPropertyName("lpips_pairs")] public int? LpipsPairs { get; init; }
    /// <summary>"random" (distinct pairs drawn with the evaluator's seeded MT19937) or "consecutive" ((x0,x1), (x2,x3), …); null: random.</summary>
    [JsonPropertyName("lpips_pairing")] public string? LpipsPairing { get; init; }
    [JsonPropertyName("inception")] public string? Inception { get; init; }
    /// <summary>The digit classifier for "modes" (default: the models folder's mnist-classifier.onnx, built by <c>make models</c>).</summary>
    [JsonPropertyName("classifier")] public string? Classifier { get; init; }
    [JsonPropertyName("lpips")] public string? Lpips { get; init; }
    /// <summary>Precomputed reference statistics (.npz, pytorch-fid format); when null they are computed once from the dataset.</summary>
    [JsonPropertyName("reference_stats")] public string? ReferenceStats { get; init; }
    [JsonPropertyName("build_models")] public BuildModelsSpec? BuildModels { get; init; }
    /// <summary>Free text shown in the summary (e.g. "random-weight feature networks: numbers not comparable to published FIDs").</summary>
    [JsonPropertyName("feature_note")] public string? FeatureNote { get; init; }
    [JsonPropertyName("device")] public string Device { get; init; } = "cpu";
    /// <summary>Also score every kept checkpoint the same way (needs train.checkpoint_every and train.keep_checkpoints 0):
    /// each run's learning curve in RUN/curve.csv, gathered by the report into learning-curves.md.</summary>
    [JsonPropertyName("every_checkpoint")] public bool EveryCheckpoint { get; init; }
}

/// <summary>
/// One sweep: datasets × (baselines + MMA-GAN over the K×λ×τ grid) × seeds, trained with one budget and evaluated one way.
/// Loaded from JSON (see docs/experiments.md); relative paths are resolved against the repository root.
/// </summary>
public sealed record ExperimentConfig
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("description")] public string? Description { get; init; }
    /// <summary>Trainer data specs: ring8, grid25, mnist:PATH, cifar10:PATH, images:DIR.</summary>
    [JsonPropertyName("datasets")] public string[] Datasets { get; init; } = [];
    [JsonPropertyName("methods")] public string[] Methods { get; init; } = [];
    [JsonPropertyName("grid")] public GridSpec Grid { get; init; } = new();
    /// <summary>Extra baselines run besides <see cref="Methods"/> (each once per dataset and seed).</summary>
    [JsonPropertyName("variants")] public VariantSpec[] Variants { get; init; } = [];
    [JsonPropertyName("seeds")] public int[] Seeds { get; init; } = [];
    [JsonPropertyName("train")] public TrainSpec Train { get; init; } = new();
    [JsonPropertyName("eval")] public EvalSpec Eval { get; init; } = new();
    /// <summary>The budget (generator steps per run) at the top level, as the PacGAN protocol config states it; the same as
    /// <c>train.steps</c> (give one of them, or equal values).</summary>
    [JsonPropertyName("steps")] public long? Steps { get; init; }
    /// <summary>The stacked-mnist networks' D sizes to sweep (PacGAN's Table 3: 0.25 and 0.5); empty = no such axis.</summary>
    [JsonPropertyName("d_sizes")] public double[] DSizes { get; init; } = [];

    public static readonly string[] KnownMethods = ["dcgan", "wgan-gp", "mma", "pacgan2", "pacgan3", "pacgan4"];
    public static IEnumerable<string> KnownMetrics => Shared.Metrics.MetricRegistry.Names;

    static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The line of each key in the file it was read from (for the messages of <see cref="Validate"/>).</summary>
    [JsonIgnore] public ConfigJson.Lines Lines { get; init; } = new();

    public static ExperimentConfig Load(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "no such config file");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// The config in <paramref name="json"/>; every problem of its form — a key given twice, an unknown key (with the nearest
    /// known one), a value of the wrong kind (2.5 or 1e30 where a whole number goes, "300" where a number goes) — in one
    /// line naming each one's JSON path and line (<see cref="ConfigJson"/>).
    /// </summary>
    public static ExperimentConfig Parse(string json, string nameForErrors)
    {
        var (problems, lines) = ConfigJson.Check<ExperimentConfig>(json);
        if (problems.Count > 0) throw ConfigProblem.Exception(nameForErrors, problems);
        ExperimentConfig config;
        try { config = JsonSerializer.Deserialize<ExperimentConfig>(json, Options) ?? throw InputException.ForFile(nameForErrors, "empty config"); }
        catch (JsonException e) { throw InputException.ForFile(nameForErrors, "not a valid experiment config: " + e.Message.Split('\n')[0]); }
        return (config with { Lines = lines }).WithTopLevelSteps(nameForErrors);
    }

    /// <summary>Copies a top-level <c>"steps"</c> into <c>train.steps</c>, which the runner reads.</summary>
    ExperimentConfig WithTopLevelSteps(string nameForErrors)
    {
        if (Steps is not { } steps) return this;
        if (Train.Steps is { } t && t != steps)
            throw ConfigProblem.Exception(nameForErrors, [new ConfigProblem("steps", Lines.Of("steps"), $"{steps} and train.steps {t} disagree (give one of them)")]);
        return this with { Train = Train with { Steps = steps } };
    }

    public static bool IsToy(string dataset) => Shared.Toy.ToyMixture.IsToy(dataset.ToLowerInvariant());

    /// <summary>Canonical method name ("mma-gan" → "mma", "wgangp" → "wgan-gp"), or null when unknown.</summary>
    public static string? CanonicalMethod(string m) => Shared.Runs.MethodNames.Canonical(m) ?? (PackOf(m) is not null ? m.ToLowerInvariant() : null);

    /// <summary>PacGAN-m ("pacgan2" … "pacgan64"): the standard GAN (dcgan) with D on packs of m samples; m, or null for other methods.</summary>
    public static int? PackOf(string method) =>
        method.StartsWith("pacgan", StringComparison.OrdinalIgnoreCase) && int.TryParse(method.AsSpan(6), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var m) && m is >= 2 and <= 64 ? m : null;

    /// <summary>The path part of a data spec ("cifar10:PATH" → PATH), or null for the built-in toys (the one spec parser, <see cref="ImageDataSpec"/>).</summary>
    public static string? DatasetPath(string dataset) => IsToy(dataset) ? null : ImageDataSpec.TryParse(dataset)?.Path;

    /// <summary>The data spec with its path resolved against <paramref name="root"/> ("cifar10:data/c" → "cifar10:/repo/data/c"); a toy as it is.</summary>
    public static string ResolvedSpec(string dataset, string root) =>
        !IsToy(dataset) && ImageDataSpec.TryParse(dataset) is { } spec ? (spec with { Path = Resolve(spec.Path, root) }).ToString() : dataset;

    /// <summary>Resolves a relative path against <paramref name="root"/>.</summary>
    public static string Resolve(string path, string root) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(root, path));

    /// <summary>Checks everything that can be checked before training; throws one <see cref="InputException"/> naming the file
    /// and every problem found, each with its JSON path and line.</summary>
    public void Validate(string configPath, string root)
    {
        var problems = new List<ConfigProblem>();
        void Check(bool ok, string path, string problem) { if (!ok) problems.Add(new ConfigProblem(path, Lines.Of(path), problem)); }
        Check(Datasets.Length > 0, "datasets", "no datasets (\"datasets\": [\"grid25\"] or [\"cifar10:../shared/data/cifar10\"])");
        Check(Methods.Length > 0, "methods", "no methods (\"methods\": any of dcgan, wgan-gp, mma, pacgan2…)");
        for (var i = 0; i < Methods.Length; i++)
            Check(CanonicalMethod(Methods[i]) is not null, $"methods[{i}]",
                $"unknown method '{Methods[i]}' (expected dcgan, wgan-gp, mma or pacganM with M in 2..64){NearestNames.Suggestion(Methods[i], KnownMethods)}");
        Check(Methods.Select(m => CanonicalMethod(m)).Distinct().Count() == Methods.Length, "methods", "a method is listed twice");
        if (Methods.Any(m => CanonicalMethod(m) == "mma"))
        {
            Check(Grid.K.Length > 0 && Grid.Lambda.Length > 0 && Grid.Tau.Length > 0, "grid",
                "empty grid: MMA-GAN needs at least one value each of grid.k, grid.lambda and grid.tau");
            Check(Grid.K.All(k => k >= 1), "grid.k", "values must be at least 1");
            Check(Grid.Lambda.All(l => l >= 0), "grid.lambda", "values must be non-negative");
            Check(Grid.Tau.All(t => t is >= 0 and <= 1), "grid.tau", "values must lie in [0, 1]");
            Check(Grid.K.Distinct().Count() == Grid.K.Length && Grid.Lambda.Distinct().Count() == Grid.Lambda.Length
                  && Grid.Tau.Distinct().Count() == Grid.Tau.Length, "grid", "grid values must be distinct");
        }
        for (var i = 0; i < Variants.Length; i++)
        {
            var v = Variants[i];
            var at = $"variants[{i}]";
            Check(v.BaseMethod is not null && v.Name.Contains('+') && v.Name.Split('+').All(p => p.Length > 0)
                  && v.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '+' or '-' or '.'), $"{at}.name",
                $"variant '{v.Name}': name must be BASE+SUFFIX in lower case with BASE one of dcgan, wgan-gp, mma (e.g. \"dcgan+sn\")");
            Check(v.BaseMethod == "mma" || (v.K is null && v.Lambda is null && v.Tau is null), at, $"variant '{v.Name}': k, lambda and tau apply to mma variants only");
            Check(v.K is null or >= 1 && v.Lambda is null or >= 0 && v.Tau is null or (>= 0 and <= 1), at, $"variant '{v.Name}': k ≥ 1, lambda ≥ 0, tau in [0, 1]");
        }
        Check(Variants.Select(v => v.Name).Distinct().Count() == Variants.Length, "variants", "a variant name is listed twice");
        Check(Seeds.Length > 0, "seeds", "no seeds (\"seeds\": [1, 2, 3])");
        Check(Seeds.Distinct().Count() == Seeds.Length, "seeds", "a seed is listed twice");
        Check(Train.Steps is > 0 || Train.Epochs is > 0, "train", "training budget missing: give train.steps or train.epochs (positive)");
        Check(Train.Batch >= 1 && Train.DivBatch >= 1, "train", "train.batch and train.div_batch must be at least 1");
        Check(Train.Threads >= 0, "train.threads", "must be at least 0 (0 = all cores)");
        Check(Train.KeepCheckpoints >= 0, "train.keep_checkpoints", "must be at least 0 (0 = all)");
        Check(!Eval.EveryCheckpoint || Train.CheckpointEvery is > 0 && Train.KeepCheckpoints == 0, "eval.every_checkpoint",
            "scores the kept checkpoints: give train.checkpoint_every and \"keep_checkpoints\": 0 (else only the newest two are left to score)");
        Check(Shared.Onnx.OrtDevice.IsValid(Train.Device), "train.device", $"'{Train.Device}': expected cpu, cuda or cuda:N");
        Check(Shared.Onnx.OrtDevice.IsValid(Eval.Device), "eval.device", $"'{Eval.Device}': expected cpu, cuda or cuda:N");
        Check(Eval.Metrics.Length > 0, "eval.metrics", "no evaluation metrics (\"eval\": {\"metrics\": [\"toy\"]} or [\"fid\", \"is\", \"lpips\"])");
        for (var i = 0; i < Eval.Metrics.Length; i++)
            Check(KnownMetrics.Contains(Eval.Metrics[i]), $"eval.metrics[{i}]",
                $"unknown metric '{Eval.Metrics[i]}' (expected {string.Join(", ", KnownMetrics)}){NearestNames.Suggestion(Eval.Metrics[i], KnownMetrics)}");
        Check(Eval.Metrics.Distinct().Count() == Eval.Metrics.Length, "eval.metrics", "a metric is listed twice");
        Check(Datasets.Distinct().Count() == Datasets.Length, "datasets", "a dataset is listed twice");
        Check(DSizes.All(d => d is 0.25 or 0.5) && DSizes.Distinct().Count() == DSizes.Length, "d_sizes", "distinct values of 0.25 and 0.5 (D a quarter or half of G)");
        Check(DSizes.Length == 0 || Datasets.All(d => d.StartsWith("stacked-mnist:", StringComparison.Ordinal)), "d_sizes", "applies to stacked-mnist datasets only");
        for (var i = 0; i < Datasets.Length; i++)
        {
            var d = Datasets[i];
            var at = $"datasets[{i}]";
            if (IsToy(d))
            {
                Check(Eval.Metrics.Where(KnownMetrics.Contains).All(m => m == "toy"), at, $"dataset {d} is a 2-D toy: only the \"toy\" metric applies");
                continue;
            }
            ImageDataSpec? spec = null;
            try { spec = ImageDataSpec.TryParse(d); }
            catch (InputException e) { Check(false, at, e.Message); continue; }
            var kinds = Shared.Toy.ToyMixture.Names.Concat(ImageDataSpec.Kinds.Select(k => k + ":PATH")).ToArray();
            Check(spec is not null, at, $"unknown dataset '{d}' (expected {string.Join(", ", kinds)}){NearestNames.Suggestion(d, [.. Shared.Toy.ToyMixture.Names, .. ImageDataSpec.Kinds])}");
            if (spec is null) continue;
            var path = Resolve(spec.Path, root);
            Check(File.Exists(path) || Directory.Exists(path), at, $"dataset {d}: {path} does not exist");
            Check(!Eval.Metrics.Contains("toy"), at, $"dataset {d} is not a 2-D toy: the \"toy\" metric does not apply");
        }
        // Run ids name a dataset by its kind: two datasets of one kind would share run folders.
        var kindsTwice = Datasets.Where(d => !IsToy(d)).Select(d => { try { return ImageDataSpec.TryParse(d)?.Kind; } catch (InputException) { return null; } })
            .Where(k => k is not null).GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var k in kindsTwice) Check(false, "datasets", $"two {k} datasets would share run folders (run ids name a dataset by its kind): one per kind in a config");
        Check(Eval.ToySamples is null or >= 1 && Eval.Samples is null or >= 2 && Eval.IsSplits is null or >= 1 && Eval.LpipsPairs is null or >= 1,
            "eval", "eval sample counts must be positive");
        Check(Eval.LpipsPairing is null || Shared.Metrics.EvaluationDefaults.LpipsPairings.Contains(Eval.LpipsPairing), "eval.lpips_pairing",
            $"'{Eval.LpipsPairing}': expected random or consecutive{NearestNames.Suggestion(Eval.LpipsPairing ?? "", Shared.Metrics.EvaluationDefaults.LpipsPairings)}");
        var samples = Eval.Samples ?? Shared.Metrics.EvaluationDefaults.GeneratorSamples;
        if (Eval.Metrics.Contains("is") && Eval.IsSplits is { } splits) Check(splits <= samples, "eval.is_splits", $"{splits} exceeds eval.samples {samples}");
        if (Eval.ReferenceStats is { } stats) Check(File.Exists(Resolve(stats, root)), "eval.reference_stats", $"{Resolve(stats, root)} does not exist");
        var b = Eval.BuildModels;
        void CheckFile(string name, string? value)
        {
            if (value is not null) Check(File.Exists(Resolve(value, root)), name, $"{Resolve(value, root)} does not exist");
        }
        CheckFile("eval.build_models.fid_weights", b?.FidWeights);
        CheckFile("eval.build_models.lpips_trunk", b?.LpipsTrunk);
        CheckFile("eval.build_models.lpips_lin", b?.LpipsLin);
        if (b?.FidWeights is null) CheckFile("eval.inception", Eval.Inception);
        if (b?.LpipsTrunk is null) CheckFile("eval.lpips", Eval.Lpips);
        if (Eval.Metrics.Contains("fid")) Check(Eval.ReferenceStats is not null || Datasets.Any(d => !IsToy(d)), "eval.metrics", "fid needs reference statistics");
        if (Eval.Metrics.Contains("kid") || Eval.Metrics.Contains("prdc"))
            Check(Eval.ReferenceStats is null, "eval.reference_stats", "kid and prdc need the reference images' features: remove eval.reference_stats (the dataset's features are cached)");
        if (b is not null)
            Check((b.LpipsTrunk is null) == (b.LpipsLin is null), "eval.build_models", "lpips_trunk and lpips_lin go together");
        if (problems.Count > 0) throw ConfigProblem.Exception(configPath, problems);
    }
}

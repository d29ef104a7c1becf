namespace MmaGan.Shared.Metrics;

/// <summary>What a metric reads from a source (after the feature model, for the first four).</summary>
public enum MetricInput
{
    /// <summary>Mean and covariance of the features (a stats .npz will do).</summary>
    Statistics,
    /// <summary>Every feature row (a features .npy will do).</summary>
    Features,
    /// <summary>The feature model's logits (Inception's <c>logits_unbiased</c>; a logits .npy will do).</summary>
    Logits,
    /// <summary>Class probabilities: the softmax of a classifier's logits.</summary>
    ClassProbabilities,
    /// <summary>The images themselves, scored in pairs by the LPIPS network.</summary>
    ImagePairs,
    /// <summary>Raw 2-D samples of a toy generator, against a known mixture.</summary>
    ToySamples,
}

/// <summary>Which way a value is better.</summary>
public enum Better { Lower, Higher, Neither }

/// <summary>
/// One number a metric reports: its JSON key (also its CSV column), its label, which way is better, and whether it is a
/// result the sweep summarises or bookkeeping beside one (a sample count, a setting, a seed).
/// </summary>
/// <param name="Low">The smallest value it can take (plot axes never extend below it).</param>
/// <param name="High">The largest value it can take, or null (unbounded above, or bounded by <paramref name="BoundedBy"/>).</param>
/// <param name="BoundedBy">The key of another value that bounds this one from above (mode counts by <c>modes_total</c>).</param>
public sealed record MetricKey(string Key, string Label, Better Better, bool Summarised = true, double Low = 0, double? High = null, string? BoundedBy = null)
{
    /// <summary>The label with the better direction: "FID ↓", "IS ↑", "IS std".</summary>
    public string Display => Better switch { Better.Lower => Label + " ↓", Better.Higher => Label + " ↑", _ => Label };

    /// <summary>A bookkeeping value (count, setting, seed): reported and recorded, never summarised or compared.</summary>
    public static MetricKey Setting(string key) => new(key, key, Better.Neither, Summarised: false);
}

/// <summary>
/// One metric: its name (as <c>run --metrics</c> and bench configs write it), what it reads from the generated side and
/// from the reference side (null: no reference), the feature space it needs when it is not the request's own
/// (e.g. a digit classifier's), and every key it reports: the results first, then its settings and seeds.
/// </summary>
public sealed record MetricDescriptor(string Name, string DisplayName, MetricInput Generated, MetricInput? Reference,
    IReadOnlyList<MetricKey> Keys, string? FeatureSpace = null)
{
    public bool NeedsReference => Reference is not null;

    /// <summary>Whether it runs a feature model over the images (everything but LPIPS and the toys).</summary>
    public bool NeedsFeatureModel => Generated is not (MetricInput.ImagePairs or MetricInput.ToySamples);

    /// <summary>The keys the sweep summarises (results, not bookkeeping).</summary>
    public IEnumerable<MetricKey> Results => Keys.Where(k => k.Summarised);
}

/// <summary>
/// Every metric the evaluator computes, in report order — the one list the evaluator (<c>run --metrics</c>, the CSV
/// columns, the JSON keys), its tests and the sweep runner (which keys to read, how to label them, which way is better)
/// read. Adding a metric is its implementation in <c>eval/Evaluation/Metrics/</c> plus one line here.
/// </summary>
public static class MetricRegistry
{
    static MetricKey Lower(string key, string label, double low = 0) => new(key, label, Better.Lower, Low: low);
    static MetricKey Higher(string key, string label, double low = 0, double? high = null) => new(key, label, Better.Higher, Low: low, High: high);
    static MetricKey Spread(string key, string label) => new(key, label, Better.Neither);
    static MetricKey Setting(string key) => MetricKey.Setting(key);

    public static readonly MetricDescriptor Fid = new("fid", "FID", MetricInput.Statistics, MetricInput.Statistics, [Lower("fid", "FID")]);
    public static readonly MetricDescriptor InceptionScore = new("is", "Inception Score", MetricInput.Logits, null,
        [Higher("is_mean", "IS", low: 1), Spread("is_std", "IS std"), Setting("is_splits"), Setting("is_seed")]);
    public static readonly MetricDescriptor Kid = new("kid", "KID", MetricInput.Features, MetricInput.Features,
        [Lower("kid_mean", "KID", low: double.NegativeInfinity), Spread("kid_std", "KID std"), Setting("kid_subsets"), Setting("kid_subset_size"), Setting("kid_seed")]);
    public static readonly MetricDescriptor Prdc = new("prdc", "precision, recall, density, coverage", MetricInput.Features, MetricInput.Features,
        [Higher("precision", "precision", high: 1), Higher("recall", "recall", high: 1), Higher("density", "density"), Higher("coverage", "coverage", high: 1), Setting("prdc_k")]);
    public static readonly MetricDescriptor FdInf = new("fd-inf", "FD∞", MetricInput.Features, MetricInput.Statistics,
        [Lower("fd_inf", "FD∞", low: double.NegativeInfinity), Setting("fd_inf_seed")]);
    public static readonly MetricDescriptor Vendi = new("vendi", "Vendi score", MetricInput.Features, null, [Higher("vendi", "Vendi", low: 1), Setting("vendi_q")]);
    public static readonly MetricDescriptor Lpips = new("lpips", "LPIPS diversity", MetricInput.ImagePairs, null,
        [Higher("lpips_diversity", "LPIPS diversity"), Setting("pairs"), Setting("lpips_pairing"), Setting("lpips_seed")]);
    public static readonly MetricDescriptor Toy = new("toy", "toy mode coverage", MetricInput.ToySamples, null,
    [
        new("modes_covered_hq", "modes (≥1 HQ)", Better.Higher, BoundedBy: "modes_total"),
        new("modes_covered_1pct", "modes (≥1%)", Better.Higher, BoundedBy: "modes_total"),
        Higher("hq_fraction", "HQ fraction", high: 1), Lower("reverse_kl", "reverse KL"), Setting("modes_total"), Setting("n"),
    ]);

    /// <summary>The feature space of the MNIST digit classifier (one digit per channel: Stacked MNIST's three).</summary>
    public const string DigitClassifier = "digit-classifier";
    public static readonly MetricDescriptor Modes = new("modes", "Stacked MNIST modes", MetricInput.ClassProbabilities, null,
    [
        new("modes_covered", "modes", Better.Higher, BoundedBy: "modes_total"), Lower("kl_to_uniform", "KL to uniform"),
        Setting("modes_total"), Setting("n"), Setting("digits"),
    ], FeatureSpace: DigitClassifier);
    public static readonly MetricDescriptor FdClassifier = new("fd-classifier", "FD in the digit classifier's features", MetricInput.Statistics,
        MetricInput.Statistics, [Lower("fd_classifier", "FD (digit classifier)")], FeatureSpace: DigitClassifier);

    /// <summary>Every metric, in the order reports list them.</summary>
    public static readonly IReadOnlyList<MetricDescriptor> All = [Fid, InceptionScore, Kid, Prdc, FdInf, Vendi, Lpips, Toy, Modes, FdClassifier];

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>
    /// The settings of a whole evaluation that change its numbers, besides each metric's own (splits, pairs, subset size,
    /// seeds: <see cref="MetricDescriptor.Keys"/>): the latent seed, the samples scored on each side, the feature model and
    /// its digest, its feature dimension, its resize convention (<c>legacy-pytorch</c>, <c>clean</c>, …), the side <c>images:DIR</c> is resized to, whether the models are the official ones
    /// (<c>yes</c>/<c>no</c>/<c>unknown</c>), and what makes the numbers differ from a published protocol (<c>caveats</c>).
    /// Every report row and <c>--json</c> line carries them.
    /// </summary>
    public static readonly IReadOnlyList<MetricKey> EvaluationSettings =
    [
        Setting("seed"), Setting("n"), Setting("n_ref"), Setting("feature_model"), Setting("feature_model_sha256"), Setting("dims"),
        Setting("resize"), Setting("image_size"), Setting("comparable"), Setting("caveats"),
    ];

    /// <summary>The metric called <paramref name="name"/>, or null.</summary>
    public static MetricDescriptor? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The key <paramref name="key"/> of any metric (keys are unique, but for bookkeeping keys several metrics share), or null.</summary>
    public static MetricKey? FindKey(string key) => All.SelectMany(m => m.Keys).FirstOrDefault(k => k.Key == key);
}

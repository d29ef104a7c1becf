using MmaGan.Shared.IO;

namespace MmaGan.Bench.Sweep;

/// <summary>A shard of a sweep: 0-based <see cref="Index"/> of <see cref="Count"/>; takes runs Index, Index+Count, Index+2·Count, …</summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard All = new(0, 1);

    /// <summary>Parses "i/n" with 0 ≤ i &lt; n (so a job array 0..n−1, e.g. $SLURM_ARRAY_TASK_ID, maps directly).</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var i) || !int.TryParse(parts[1], out var n) || n < 1 || i < 0 || i >= n)
            throw new InputException($"--shard: expected i/n with 0 ≤ i < n (e.g. 2/4), got '{text}'");
        return new Shard(i, n);
    }

    public bool Takes(int runIndex) => runIndex % Count == Index;
}

/// <summary>Expands a config into its runs in a fixed order: seed, then dataset, then method (as listed; MMA-GAN over K, λ, τ).
/// Variants (extra baselines) follow the methods of each dataset. Seeds vary slowest, so a sweep stopped early (or a deadline) leaves every configuration with the same number of finished seeds.</summary>
public static class RunPlanner
{
    /// <summary>The MMA-GAN paper's defaults, for mma-based variants that do not give K, λ, τ.</summary>
    public const int PaperK = 8;
    public const double PaperLambda = 0.5, PaperTau = 0.5;

    /// <summary>What planning and checking one run holds in memory, about: its spec, its trainer and evaluator command lines
    /// (the argument preflight holds them all at once) and its results row.</summary>
    public const int BytesPerRun = 2048;

    /// <summary>How many runs <paramref name="config"/> expands to, counted without expanding it (a double: a grid can hold more
    /// than a long).</summary>
    public static double Count(ExperimentConfig config)
    {
        var methods = config.Methods.Select(m => ExperimentConfig.CanonicalMethod(m)).ToList();
        var perDataset = methods.Count(m => m != "mma") + (methods.Contains("mma") ? (double)config.Grid.K.Length * config.Grid.Lambda.Length * config.Grid.Tau.Length : 0)
                         + config.Variants.Length;
        return (double)config.Seeds.Length * config.Datasets.Length * perDataset * Math.Max(1, config.DSizes.Length);
    }

    /// <summary>The runs of <paramref name="config"/>; a plan that could not be held (more runs than a list holds, or more memory
    /// than this process may use, <see cref="BytesPerRun"/> a run) is refused in one line naming <paramref name="configPath"/>
    /// (else the config's name) before anything is expanded.</summary>
    public static IReadOnlyList<RunSpec> Plan(ExperimentConfig config, string? configPath = null)
    {
        var count = Count(config);
        var what = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{configPath ?? config.Name}: {count:#,0} runs (seeds × datasets × methods and the K × λ × τ grid)");
        if (count > Array.MaxLength) throw new InputException($"{what}: more than one plan can list ({Array.MaxLength:N0})");
        MemoryBudget.Require(count * BytesPerRun, $"{what}, about {BytesPerRun / 1024} KB each to plan and check,");
        if (config.DSizes.Length == 0) return PlanAt(config, null);
        // The D-size axis varies just inside the seed: every D size of a seed before the next seed.
        return config.Seeds.SelectMany(seed => config.DSizes.SelectMany(d => PlanAt(config with { Seeds = [seed] }, d))).ToList();
    }

    static IReadOnlyList<RunSpec> PlanAt(ExperimentConfig config, double? dSize)
    {
        var runs = new List<RunSpec>();
        foreach (var seed in config.Seeds)
            foreach (var dataset in config.Datasets)
            {
                foreach (var method in config.Methods.Select(m => ExperimentConfig.CanonicalMethod(m)!))
                {
                    if (method == "mma")
                    {
                        foreach (var k in config.Grid.K)
                            foreach (var lambda in config.Grid.Lambda)
                                foreach (var tau in config.Grid.Tau)
                                    runs.Add(new RunSpec(dataset, method, k, lambda, tau, seed, dSize));
                    }
                    else
                        runs.Add(new RunSpec(dataset, method, null, null, null, seed, dSize));
                }
                foreach (var v in config.Variants)
                    runs.Add(v.BaseMethod == "mma"
                        ? new RunSpec(dataset, v.Name, v.K ?? PaperK, v.Lambda ?? PaperLambda, v.Tau ?? PaperTau, seed, dSize)
                        : new RunSpec(dataset, v.Name, null, null, null, seed, dSize));
            }
        return runs;
    }

    /// <summary>The runs of the listed methods (as the config names them: a baseline, "mma", a variant), in plan order — to run
    /// the cheap methods of a sweep first and the rest later into the same results folder. Names not in the config are refused.</summary>
    public static IReadOnlyList<RunSpec> OfMethods(IReadOnlyList<RunSpec> runs, ExperimentConfig config, string list)
    {
        var wanted = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(m => ExperimentConfig.CanonicalMethod(m) ?? m).ToHashSet();
        var known = runs.Select(r => r.Method).ToHashSet();
        if (wanted.Count == 0) throw new InputException("--methods: expected a comma-separated list of the config's methods");
        if (wanted.FirstOrDefault(m => !known.Contains(m)) is { } missing)
            throw new InputException($"--methods: '{missing}' is not a method of {config.Name} ({string.Join(", ", known)})");
        return runs.Where(r => wanted.Contains(r.Method)).ToList();
    }

    /// <summary>The runs of the given D sizes (<c>--d-sizes 0.25,0.5</c>; each must be one of the config's <c>d_sizes</c>), plan order kept.</summary>
    public static IReadOnlyList<RunSpec> OfDSizes(IReadOnlyList<RunSpec> runs, ExperimentConfig config, string list)
    {
        var known = runs.Where(r => r.DSize is not null).Select(r => r.DSize!.Value).Distinct().ToList();
        if (known.Count == 0) throw new InputException($"--d-sizes: {config.Name} has no d_sizes");
        var wanted = new HashSet<double>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(item, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                throw new InputException($"--d-sizes: '{item}' is not a number (expected e.g. 0.25,0.5)");
            if (!known.Contains(d))
                throw new InputException($"--d-sizes: {item} is not a D size of {config.Name} ({string.Join(", ", known.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)))})");
            wanted.Add(d);
        }
        if (wanted.Count == 0) throw new InputException("--d-sizes: expected a comma-separated list of the config's D sizes");
        return runs.Where(r => r.DSize is { } d && wanted.Contains(d)).ToList();
    }

    public static IReadOnlyList<RunSpec> Shard(IReadOnlyList<RunSpec> runs, Shard shard) =>
        runs.Where((_, i) => shard.Takes(i)).ToList();
}

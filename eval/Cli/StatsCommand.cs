using System.CommandLine;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Features;
using MmaGan.Eval.Metrics;
using MmaGan.Eval.Sources;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval stats SOURCE --out S.npz [--features-out F.npy] [--features inception|dinov2|clip]</c>: pytorch-fid compatible
/// statistics (mu, sigma) plus n and the raw sums of the chosen feature space's features (<see cref="FeatureOptions"/>);
/// <c>stats merge S1.npz S2.npz … --out S.npz</c> combines shards exactly.
/// </summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "named reference (cifar10-train, …, or one of stats --name), data spec, image folder, CIFAR-10 .bin, MNIST IDX, generator .onnx or run folder" };
        var featureOptions = new FeatureOptions();
        var output = new Option<string>("--out") { Description = "statistics .npz to write", Required = true };
        var featuresOut = new Option<string?>("--features-out") { Description = "also write all features (Inception's pool3, or the --features space's) as float32 .npy [N,d]" };
        var name = new Option<string?>("--name") { Description = "also keep the statistics (and --features-out) as a named reference NAME, a SOURCE of every command ($MMAGAN_REFERENCES, else ~/.local/share/mmagan/references)" };
        var sourceOptions = new SourceOptions();
        var json = EvalOptions.Json();
        var command = new Command("stats", "compute feature statistics of a source (Inception by default; mergeable shards)");
        command.Arguments.Add(source);
        command.AddOptions([.. featureOptions.All, output, featuresOut, name, .. sourceOptions.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var path = p.GetValue(source)!;
            var featuresPath = p.GetValue(featuresOut);
            if (p.GetValue(name) is { } n) CustomReferences.CheckName(n);
            var r = FeatureStatistics.Write(new StatisticsRequest(path, p.GetValue(output)!, featureOptions.Choice(p), sourceOptions.Reading(p),
                p.GetValue(sourceOptions.N!), sourceOptions.LatentSeed(p), featuresPath), ProgressReporter.ForConsole(), ct);
            Console.WriteLine($"wrote {r.Out}: n={r.Count}, d={r.Dimension}, {r.FeatureSpace} features ({r.Preprocessing}; {r.Count / r.Seconds:F1} images/s)");
            if (p.GetValue(name) is { } registered)
            {
                var kept = CustomReferences.Register(registered, r.Out, featuresPath, path, r.Count, r.Dimension);
                Console.WriteLine($"named reference {registered}: {string.Join(", ", kept)} (a SOURCE of every command{(featuresPath is null ? "; fid and fd-inf only: --features-out also keeps the features kid and prdc read" : "")})");
            }
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["out"] = r.Out, ["n"] = r.Count, ["dim"] = r.Dimension, ["seconds"] = r.Seconds,
                    ["feature_model"] = r.FeatureSpace, ["resize"] = r.Preprocessing,
                });
            return CliRunner.Ok;
        }));
        var merge = CreateMerge();
        SubcommandHelp.OmitParentArgument(merge, source);
        command.Subcommands.Add(merge);
        return command;
    }

    static Command CreateMerge()
    {
        var inputs = new Argument<string[]>("SHARDS") { Description = "statistics .npz files written by `stats`", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "merged statistics .npz", Required = true };
        var json = EvalOptions.Json();
        var command = new Command("merge", "merge statistics shards exactly (adds n, sums and sums of outer products)");
        command.Arguments.Add(inputs);
        command.AddOptions(output, json);
        command.SetAction(p => CliRunner.Run(_ =>
        {
            var outPath = p.GetValue(output)!;
            OutputPath.File(outPath, "--out");
            var merged = FeatureStatistics.Merge(p.GetValue(inputs)!);
            StatsFile.Write(outPath, merged);
            Console.WriteLine($"wrote {outPath}: n={merged.Count}, d={merged.Dimension}");
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["out"] = outPath, ["n"] = merged.Count, ["dim"] = merged.Dimension });
            return CliRunner.Ok;
        }));
        return command;
    }
}

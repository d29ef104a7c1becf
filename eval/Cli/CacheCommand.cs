using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Features;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval cache list|clear</c>: the feature cache of reference sources (<see cref="FeatureCache"/>).</summary>
public static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "list or clear the cached features of reference sources ($XDG_CACHE_HOME/mmagan or ~/.cache/mmagan)");
        var listJson = EvalOptions.Json();
        var list = new Command("list", "list cached entries: source, images, dimension, size, model");
        list.AddOptions(listJson);
        list.SetAction(p => CliRunner.Run(() =>
        {
            var cache = FeatureCache.Default();
            var entries = cache.List();
            Console.WriteLine($"{cache.Root}: {entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}");
            foreach (var e in entries)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {e.Key}  {e.Source}  n={e.Count}  d={e.Dims}  {e.Bytes / 1048576.0:F1} MiB  {e.Created}  model {e.Model}"));
            if (p.GetValue(listJson)) CliRunner.PrintJson(new Dictionary<string, object?> { ["root"] = cache.Root, ["entries"] = entries });
            return CliRunner.Ok;
        }));
        var clear = new Command("clear", "delete every cached entry");
        clear.SetAction(_ => CliRunner.Run(() =>
        {
            var cache = FeatureCache.Default();
            var removed = cache.Clear();
            Console.WriteLine($"{cache.Root}: removed {removed} file{(removed == 1 ? "" : "s")}");
            return CliRunner.Ok;
        }));
        command.Subcommands.Add(list);
        command.Subcommands.Add(clear);
        return command;
    }
}

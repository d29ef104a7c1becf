using System.CommandLine;

namespace MmaGan.Eval.Cli;

/// <summary>Options several commands share (one definition each, so names and defaults agree).</summary>
internal static class EvalOptions
{
    public static Option<string?> Inception() => new("--inception") { Description = "FID Inception ONNX (default: models/fid-inception.onnx)" };
    public static Option<string?> Lpips() => new("--lpips") { Description = "LPIPS ONNX (default: models/lpips-alex.onnx)" };
    public static Option<int?> N() => new("--n") { Description = "samples from a generator (default 50000) / first N images of a dataset (default all)" };
    public static Option<int> Batch() => new("--batch") { Description = "batch size", DefaultValueFactory = _ => 50 };
    public static Option<string> Device() => new("--device") { Description = "cpu or cuda[:ID] (cuda needs the GPU build)", DefaultValueFactory = _ => "cpu" };
    public static Option<int> Seed() => new("--seed") { Description = "latent seed for generator sources", DefaultValueFactory = _ => 42 };
    public static Option<string?> OutputRange() => new("--output-range") { Description = "generator output range LOW,HIGH (default: model metadata, else -1,1)" };
    public static Option<bool> Json() => new("--json") { Description = "print one JSON object as the last line of stdout" };
}

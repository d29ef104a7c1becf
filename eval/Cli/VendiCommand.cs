using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval vendi SOURCE [--q 1] --json</c>: the Vendi score of one source's features with the cosine kernel
/// (vertaix/Vendi-Score score_X / score_dual, dgm-eval's compute_vendi_score): the effective number of distinct samples.
/// </summary>
public static class VendiCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy" };
        var q = new Option<string>("--q")
        {
            Description = "order of the Rényi entropy: 1 (Shannon: dgm-eval's and Vendi-Score's default), any q ≥ 0, or inf",
            DefaultValueFactory = _ => "1",
        };
        var options = new SampleMetricOptions();
        var json = EvalOptions.Json();
        var command = new Command("vendi", "Vendi score: exp of the entropy of the eigenvalues of the cosine-similarity matrix / n (Friedman & Dieng 2023)");
        command.Arguments.Add(source);
        command.AddOptions([q, .. options.All, json]);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var order = ParseQ(p.GetValue(q)!);
            using var ctx = options.Read(p);
            var path = p.GetValue(source)!;
            ctx.CheckAll(path);
            var f = ctx.Features(path, ct);
            var vs = VendiScore.Compute(f, order);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Vendi score: {vs:R} ({f.Rows} samples, {f.Cols}-d features, q = {p.GetValue(q)})"));
            if (p.GetValue(json)) CliRunner.PrintJson(new Dictionary<string, object?> { ["vendi"] = vs, ["n"] = f.Rows });
            return CliRunner.Ok;
        }));
        return command;
    }

    internal static double ParseQ(string text)
    {
        if (text is "inf" or "infinity") return double.PositiveInfinity;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)) return v;
        throw new InputException($"--q {text}: expected a number ≥ 0 or inf");
    }
}

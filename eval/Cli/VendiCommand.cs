using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval vendi SOURCE [--vendi-q 1] --json</c>: the Vendi score of one source's features with the cosine kernel
/// (vertaix/Vendi-Score score_X / score_dual, dgm-eval's compute_vendi_score): the effective number of distinct samples.
/// </summary>
public static class VendiCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "generated side: generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy" };
        var options = new SampleMetricOptions();
        var metricOptions = new MetricOptions(["vendi"], own: true);
        var json = EvalOptions.Json();
        var command = new Command("vendi", "Vendi score of SOURCE: exp of the entropy of the eigenvalues of its cosine-similarity matrix / n (Friedman & Dieng 2023)");
        command.Arguments.Add(source);
        command.AddOptions([.. metricOptions.All, .. options.All, json]);
        command.SetAction(p => options.Request(p, ["vendi"], p.GetValue(source)!, null, metricOptions), (p, _, results) =>
        {
            var r = results.Detail<VendiResult>("vendi");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Vendi score: {r.Score:R} ({r.Samples} samples, {r.Dimension}-d features, q = {VendiMetric.QText(r.Q)}){FeatureLabels.Space(results)}"));
            if (p.GetValue(json)) ResultJson.Print(results, ("n", r.Samples));
            return CliRunner.Ok;
        });
        return command;
    }
}

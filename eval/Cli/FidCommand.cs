using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Metrics;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval fid A B</c>: Fréchet Inception Distance of generated A against reference B (FID is symmetric;
/// the sides matter for <c>--n</c>/<c>--n-ref</c> and the JSON). Each side: stats .npz, named reference, image folder,
/// CIFAR-10 .bin, MNIST IDX, features .npy or generator .onnx; two .npz files need no model.</summary>
public static class FidCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("A") { Description = "generated side: stats .npz, generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy" };
        var b = new Argument<string>("B") { Description = "reference side: the same kinds as A (e.g. cifar10-train, or a stats .npz)" };
        var options = new SampleMetricOptions();
        var metricOptions = new MetricOptions(["fid"], own: true);
        var json = EvalOptions.Json();
        var command = new Command("fid", "Fréchet Inception Distance of generated A against reference B (pytorch-fid compatible; FD-DINOv2, FD-CLIP with --features)");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([.. options.All, json]);
        command.SetAction(p => options.Request(p, ["fid"], p.GetValue(a)!, p.GetValue(b)!, metricOptions), (p, _, results) =>
        {
            var fid = results.Detail<FrechetResult>("fid");
            Console.WriteLine($"{FeatureLabels.FrechetDistance(results)}: {fid.Fid.ToString("R", CultureInfo.InvariantCulture)}{FeatureLabels.Space(results)}" + (fid.UsedEpsilonOffset ? " (singular product: ε·I added to both covariances)" : ""));
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        });
        return command;
    }
}

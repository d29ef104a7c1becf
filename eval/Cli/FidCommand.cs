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
    public static Command Create() => TwoSourceCommand.Create("fid", "Fréchet Inception Distance of generated A against reference B (pytorch-fid compatible; FD-DINOv2, FD-CLIP with --features)",
        "generated side: stats .npz, generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy",
        "reference side: the same kinds as A (e.g. cifar10-train, or a stats .npz)",
        new SampleMetricOptions(), (results, json) =>
        {
            var fid = results.Detail<FrechetResult>("fid");
            Console.WriteLine($"{FeatureLabels.FrechetDistance(results)}: {fid.Fid.ToString("R", CultureInfo.InvariantCulture)}{FeatureLabels.Space(results)}" + (fid.UsedEpsilonOffset ? " (singular product: ε·I added to both covariances)" : ""));
            if (json) ResultJson.Print(results);
            return CliRunner.Ok;
        });
}

using System.Text.Json;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Tests.Cli;
using MmaGan.Models.Dinov2;
using MmaGan.Models.Inception;
using MmaGan.Models.Preprocessing;
using MmaGan.Models.Tests.Dinov2;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Evaluation;

/// <summary>
/// The metric commands in the DINOv2 and clean-Inception feature spaces against the reference implementations, end to end:
/// two folders of seeded PNGs (A: 10 images of seed 2 at 32×32, the generated side; B: 12 of seed 3 at 40×36, the
/// reference) through <c>--features dinov2 --feature-model</c> (the reduced DINOv2 twin, <see cref="Dinov2Twin"/> "tiny"
/// seed 1, built under each convention) and <c>--resize clean</c> (pytorch-fid's random-weight Inception built for clean mode,
/// 4 images a side). Fixtures (Evaluation/Fixtures/feature-spaces/, computed by the anchors' own code on the same PNGs read by
/// their own dataset classes; Debian python3-torch 1.13, torchvision 0.14, Pillow 9.4):
/// <list type="bullet">
/// <item>dgm-eval (74c79f7): <c>DINOv2Encoder</c> through <c>ImagePathDataset</c>, then its <c>compute_FD_with_reps</c>,
/// <c>compute_prdc</c> (k = 3) and <c>compute_vendi_score</c>; KID by torch-fidelity's <c>kid_features_to_metric</c> on those
/// features (20 subsets of 8, seed 2020);</item>
/// <item>torch-fidelity 0.4.0: <c>calculate_metrics(input1=A, input2=B, feature_extractor='dinov2-vit-s-14', fid, kid, prc)</c>
/// with its hub load returning the twin (the same folders, its own dataset and extractor), and the extractor's features;</item>
/// <item>clean-fid (e88c4d6): <c>get_folder_features(mode="clean")</c> with pytorch-fid's layers scaled as InceptionV3W
/// (resize_inside=False), and <c>frechet_distance</c> of their mean and covariance.</item>
/// </list>
/// </summary>
public class FeatureSpaceReferenceTests
{
    static string Fixture(string name) => Path.Combine(SharedFixtures.RepoRoot, "tests", "Eval.Tests", "Evaluation", "Fixtures", "feature-spaces", name);

    static JsonElement Expected(string file, string set) => JsonDocument.Parse(File.ReadAllText(Fixture(file))).RootElement.GetProperty(set);

    /// <summary>The two folders (written once per test process).</summary>
    static readonly Lazy<(string A, string B, string A4, string B4)> Folders = new(() =>
    {
        var dir = SharedFixtures.TempDir("feature-space-folders");
        string Write(string name, int seed, int n, int h, int w)
        {
            var folder = Directory.CreateDirectory(Path.Combine(dir, name)).FullName;
            for (var i = 0; i < n; i++) ImageFile.WritePng(Path.Combine(folder, $"{i:D4}.png"), new Image8(w, h, 3, SeededData.Image(seed, i, h, w)));
            return folder;
        }
        return (Write("a", 2, 10, 32, 32), Write("b", 3, 12, 40, 36), Write("a4", 2, 4, 32, 32), Write("b4", 3, 4, 40, 36));
    });

    static readonly Lazy<string> Weights = new(() => Dinov2Twin.Write("tiny", 1));

    /// <summary>The tiny twin built as <c>models build-dinov2 --preprocess CONVENTION</c> builds it.</summary>
    static string Dinov2Model(string convention)
    {
        var path = Path.Combine(SharedFixtures.TempDir("dinov2-tiny"), $"dinov2-tiny-{convention}.onnx");
        Dinov2Builder.BuildFile(Weights.Value, Dinov2Builder.Convention(convention), path);
        return path;
    }

    /// <summary><c>stats FOLDER --out NPZ --features-out NPY</c> with the model <paramref name="choice"/>, in process.</summary>
    static StatisticsResult Stats(string folder, string npz, string npy, FeatureModelChoice choice) =>
        FeatureStatistics.Write(new StatisticsRequest(folder, npz, choice, new SourceReading(Threads: 2), FeaturesOut: npy));

    static MetricResults Evaluate(params string[] args) => Evaluator.Evaluate(CommandRequestsTests.Request([.. args, "--no-cache", "--threads", "2"]));

    static void Close(double expected, double actual, double relative, string what, double absolute = 0)
    {
        var err = Math.Abs(actual - expected);
        Console.WriteLine($"{what}: {actual:R} vs reference {expected:R} (|Δ| {err:E2})");
        Assert.True(err <= Math.Max(relative * Math.Abs(expected), absolute), $"{what}: {actual:R}, reference {expected:R}");
    }

    /// <summary>Largest per-row relative L2 error of a features .npy against the reference's.</summary>
    static double MaxRelativeError(string actualNpy, string expectedNpy)
    {
        var (a, e) = (Npy.Read(actualNpy), Npy.Read(expectedNpy));
        Assert.Equal(e.Shape, a.Shape);
        var (x, y, d) = (a.AsDouble(), e.AsDouble(), (int)e.Shape[1]);
        var worst = 0.0;
        for (var i = 0; i < e.Shape[0]; i++)
        {
            double num = 0, den = 0;
            for (var j = 0; j < d; j++) { num += Math.Pow(x[i * d + j] - y[i * d + j], 2); den += y[i * d + j] * y[i * d + j]; }
            worst = Math.Max(worst, Math.Sqrt(num / den));
        }
        return worst;
    }

    [Theory]
    [InlineData("dgm-eval")]
    [InlineData("torch-fidelity")]
    public void Dinov2_StatsFidKidPrdcVendi_ReproduceTheReferences(string convention)
    {
        var (a, b, _, _) = Folders.Value;
        var model = Dinov2Model(convention);
        string[] space = ["--features", "dinov2", "--feature-model", model, "--preprocess", convention];

        // stats --features-out: the raw DINOv2 features of each folder
        var dir = SharedFixtures.TempDir();
        foreach (var (folder, side) in new[] { (a, "a"), (b, "b") })
        {
            var features = Path.Combine(dir, $"{side}.npy");
            var r = Stats(folder, Path.Combine(dir, $"{side}.npz"), features, new FeatureModelChoice("dinov2", model, Preprocess: convention));
            Assert.Equal(("dinov2", convention), (r.FeatureSpace, r.Preprocessing));
            var err = MaxRelativeError(features, Fixture($"dinov2_tiny_{side}_{convention}.npy"));
            Console.WriteLine($"DINOv2 twin ({convention}) features of folder {side}: max relative error {err:E2}");
            Assert.True(err <= 1e-4, $"relative error {err:E2}");
        }

        var fid = Evaluate(["fid", a, b, .. space]);
        var kid = Evaluate(["kid", a, b, .. space, "--kid-subsets", "20", "--kid-subset-size", "8"]);
        var prdc = Evaluate(["prdc", b, a, .. space, "--prdc-k", "3"]);
        var vendi = Evaluate(["vendi", a, .. space]);
        Assert.Equal<(string?, string?)>(("dinov2", convention), (fid.Setting("feature_model") as string, fid.Setting("resize") as string));
        if (convention == "dgm-eval")
        {
            var e = Expected("expected_dinov2.json", "dinov2_dgm-eval");
            Close(e.GetProperty("fd").GetDouble(), fid.Number("fid")!.Value, 1e-4, "FD-DINOv2 vs dgm-eval compute_FD_with_reps");
            Close(e.GetProperty("kid_mean").GetDouble(), kid.Number("kid_mean")!.Value, 1e-4, "KID mean vs torch-fidelity on dgm-eval's features", 5e-6);
            Close(e.GetProperty("kid_std").GetDouble(), kid.Number("kid_std")!.Value, 1e-4, "KID std", 5e-6);
            foreach (var key in new[] { "precision", "recall", "density", "coverage" })
                Close(e.GetProperty(key).GetDouble(), prdc.Number(key)!.Value, 1e-12, $"{key} vs dgm-eval compute_prdc");
            Close(e.GetProperty("vendi").GetDouble(), vendi.Number("vendi")!.Value, 1e-5, "Vendi vs dgm-eval compute_vendi_score");
        }
        else
        {
            // torch-fidelity's own calculate_metrics on the two folders
            var e = Expected("expected_dinov2.json", "dinov2_torch-fidelity");
            Close(e.GetProperty("frechet_inception_distance").GetDouble(), fid.Number("fid")!.Value, 1e-4, "FD-DINOv2 vs torch-fidelity calculate_metrics");
            Close(e.GetProperty("kernel_inception_distance_mean").GetDouble(), kid.Number("kid_mean")!.Value, 1e-4, "KID mean vs torch-fidelity", 5e-6);
            Close(e.GetProperty("kernel_inception_distance_std").GetDouble(), kid.Number("kid_std")!.Value, 1e-4, "KID std vs torch-fidelity", 5e-6);
            Close(e.GetProperty("precision").GetDouble(), prdc.Number("precision")!.Value, 1e-6, "precision vs torch-fidelity prc (k = 3)");
            Close(e.GetProperty("recall").GetDouble(), prdc.Number("recall")!.Value, 1e-6, "recall vs torch-fidelity prc (k = 3)");
            var f = Expected("expected_dinov2.json", "dinov2_torch-fidelity_features");
            Close(f.GetProperty("vendi").GetDouble(), vendi.Number("vendi")!.Value, 1e-5, "Vendi vs dgm-eval compute_vendi_score on torch-fidelity's features");
        }
    }

    /// <summary>The Vendi score of the reference's own features (a .npy) agrees to 1e-6 (the tolerance of the reference comparison for the same features).</summary>
    [Fact]
    public void Vendi_OfTheReferencesFeatures_AgreesTo1e6()
    {
        foreach (var convention in new[] { "dgm-eval", "torch-fidelity" })
        {
            var e = Expected("expected_dinov2.json", convention == "dgm-eval" ? "dinov2_dgm-eval" : "dinov2_torch-fidelity_features");
            var r = Evaluate("vendi", Fixture($"dinov2_tiny_a_{convention}.npy"));
            Close(e.GetProperty("vendi").GetDouble(), r.Number("vendi")!.Value, 1e-6, $"Vendi of the {convention} features .npy");
        }
    }

    [SharedFact]
    public void CleanResize_StatsAndFid_ReproduceCleanFid()
    {
        var (_, _, a4, b4) = Folders.Value;
        var model = Path.Combine(SharedFixtures.TempDir("fid-clean"), "fid-inception-clean.onnx");
        FidInceptionBuilder.BuildFile(SharedFixtures.Reference("fid_inception_random.pth"), model, FeaturePreprocessing.Clean);
        var dir = SharedFixtures.TempDir();
        var features = Path.Combine(dir, "a4.npy");
        Stats(a4, Path.Combine(dir, "a4.npz"), features, new FeatureModelChoice(Path: model, Preprocess: "clean"));
        var err = MaxRelativeError(features, Fixture("clean_inception_a4.npy"));
        Console.WriteLine($"clean Inception features of folder a4: max relative error {err:E2}");
        Assert.True(err <= 1e-4, $"relative error {err:E2}");
        var fid = Evaluate("fid", a4, b4, "--resize", "clean", "--inception", model);
        Assert.Equal<(string?, string?)>(("inception", "clean"), (fid.Setting("feature_model") as string, fid.Setting("resize") as string));
        Close(Expected("expected_clean.json", "clean").GetProperty("fid").GetDouble(), fid.Number("fid")!.Value, 1e-4, "clean FID vs clean-fid frechet_distance");
    }
}

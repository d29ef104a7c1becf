using System.Text.Json;
using MmaGan.Models.Lpips;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>One latent seed by default (generate writes what the metrics score); one models folder; non-official models say so.</summary>
public class DefaultsAgreeTests
{
    static string Ref(string name) => SharedFixtures.Reference(name);

    static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return JsonDocument.Parse(r.LastLine).RootElement;
    }

    [SharedFact]
    public void GenerateWritesTheSamplesTheMetricsScore()
    {
        var dir = SharedFixtures.TempDir();
        var gen = Ref("generator_dcgan_thirdparty.onnx");
        // generate's default latents are StandardNormalLatents(DefaultSeed): the samples the metrics scored
        var npy = Path.Combine(dir, "g.npy");
        Json(EvalCli.Run("generate", gen, "--n", "4", "--out-npy", npy, "--json"));
        var z = Path.Combine(dir, "z.npy");
        using (var g = OnnxGenerator.Open(gen, 0, "cpu"))
            Npy.Write(z, StandardNormalLatents.Sample(StandardNormalLatents.DefaultSeed, 4 * g.LatentSize), [4, g.LatentSize]);
        var fromZ = Path.Combine(dir, "gz.npy");
        Eval.Cli.GenerateCommand.Run(new Eval.Cli.GenerateCommand.GenerateRequest(gen, null, 0, z, null, fromZ));
        Assert.Equal(File.ReadAllBytes(fromZ), File.ReadAllBytes(npy));
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void ModelsBuiltFromAnotherFolder_AreFoundThroughMmaganModels_AndNonOfficialWeightsWarn()
    {
        var dir = SharedFixtures.TempDir();
        var models = Path.Combine(dir, "my-models");
        var env = new Dictionary<string, string?> { ["MMAGAN_MODELS"] = models };
        var build = EvalCli.RunWith(env, "models", "build-lpips", "--trunk", Ref("alexnet_features_random.pth"),
            "--lin", SharedFixtures.Path_("weights", "lpips-v0.1", "alex.pth"), "--json");
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.True(File.Exists(Path.Combine(models, "lpips-alex.onnx")));
        // The build already says so (the official linear layers pass).
        var built = Assert.Single(build.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("warning:"));
        Assert.Contains("is not the official alexnet-owt-7be5be79.pth", built);

        var r = EvalCli.RunWith(env, "lpips", Ref("images"), "--json");
        Json(r);
        var warning = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("warning:"));
        Assert.Contains("not comparable with published LPIPS values", warning);
        Assert.Contains("alexnet-owt-7be5be79.pth", warning);

        var report = Path.Combine(dir, "r.csv");
        var run = EvalCli.RunWith(env, "run", "--generator", Ref("generator_dcgan_thirdparty.onnx"), "--n", "8", "--reference", Ref("images"),
            "--inception", TestModels.TinyInception(dir), "--out", report, "--batch", "8", "--json");
        Json(run);
        // One warning however often the model is opened; the summary marks the numbers it concerns.
        Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("warning:") && l.Contains("lpips-alex.onnx"));
        Assert.Contains("LPIPS diversity ", run.Stdout);
        Assert.Matches(@"LPIPS diversity [0-9.]+\*", run.Stdout);
        Assert.Contains("lpips-alex.onnx is not built from the official weights", run.Stdout.Split('\n').Single(l => l.StartsWith("* not comparable with published values: ")));
        var lines = File.ReadAllLines(report);
        var comparable = lines[0].Split(',').ToList().IndexOf("comparable");
        Assert.Equal("no", lines[1].Split(',')[comparable]);
        Directory.Delete(dir, true);
    }

    [SharedFact]
    public void StatsAcceptTheTrainersDataSpecs_AndPlainFoldersSayWhatTheySkipped()
    {
        var dir = SharedFixtures.TempDir();
        var model = TestModels.TinyInception(dir);
        var mnist = "mnist:" + SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");
        Assert.Equal(10, Json(EvalCli.Run("stats", mnist, "--n", "10", "--inception", model, "--out", Path.Combine(dir, "m.npz"), "--json")).GetProperty("n").GetInt32());
        var images = Path.Combine(dir, "imgs");
        Directory.CreateDirectory(Path.Combine(images, "sub"));
        foreach (var f in Directory.GetFiles(Ref("images")).Take(3)) File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
        foreach (var f in Directory.GetFiles(Ref("images")).Skip(3).Take(2)) File.Copy(f, Path.Combine(images, "sub", Path.GetFileName(f)));
        var spec = EvalCli.Run("stats", "images:" + images, "--image-size", "64", "--inception", model, "--out", Path.Combine(dir, "i.npz"), "--json");
        Assert.Equal(5, Json(spec).GetProperty("n").GetInt32());
        var flat = EvalCli.Run("stats", images, "--inception", model, "--out", Path.Combine(dir, "f.npz"), "--json");
        Assert.Equal(3, Json(flat).GetProperty("n").GetInt32());
        Assert.Contains("read 3 of 3 images; skipped 0 non-image file(s) and 2 file(s) in subfolders (read them with --recursive)", flat.Stderr);
        var deep = EvalCli.Run("stats", images, "--recursive", "--inception", model, "--out", Path.Combine(dir, "d.npz"), "--json");
        Assert.Equal(5, Json(deep).GetProperty("n").GetInt32());
        Directory.Delete(dir, true);
    }
}

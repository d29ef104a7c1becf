using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class ConfigValidationTests
{
    const string Valid = """
        { "name": "t", "datasets": ["ring8", "grid25"], "methods": ["dcgan", "wgan-gp", "mma"],
          "grid": { "k": [4, 8], "lambda": [0.5], "tau": [0.3, 0.7] }, "seeds": [1, 2, 3],
          "train": { "steps": 100 }, "eval": { "metrics": ["toy"] } }
        """;

    static string Root => Path.GetTempPath();

    static InputException Invalid(string json)
    {
        var c = ExperimentConfig.Parse(json, "bad.json");
        return Assert.Throws<InputException>(() => c.Validate("bad.json", Root));
    }

    [Fact]
    public void ValidConfig_Passes() => ExperimentConfig.Parse(Valid, "ok.json").Validate("ok.json", Root);

    /// <summary>A config listing a dataset twice collided on run ids (results.csv held grid25_dcgan_s1 twice
    /// and the summary counted n = 2): any axis listed twice is refused before anything runs.</summary>
    [Theory]
    [InlineData("[\"ring8\", \"grid25\"]", "[\"grid25\", \"grid25\"]", "datasets: a dataset is listed twice")]
    [InlineData("[\"dcgan\", \"wgan-gp\", \"mma\"]", "[\"dcgan\", \"mma\", \"dcgan\"]", "methods: a method is listed twice")]
    [InlineData("[1, 2, 3]", "[1, 2, 1]", "seeds: a seed is listed twice")]
    [InlineData("[4, 8]", "[8, 8]", "grid: grid values must be distinct")]
    public void AnAxisListedTwice_IsRefused(string axis, string twice, string expected) =>
        Assert.EndsWith(expected, Invalid(Valid.Replace(axis, twice)).Message);

    /// <summary>A grid of 10⁹ runs threw OutOfMemoryException, even with --dry-run (it took 20 GB first): the plan's size is
    /// counted before it is expanded and refused in one line against memory.</summary>
    [Fact]
    public void APlanTooLargeForMemoryIsRefusedBeforeItIsExpanded()
    {
        string Values(Func<int, string> v) => string.Join(", ", Enumerable.Range(1, 1000).Select(v));
        var json = Valid.Replace("\"k\": [4, 8], \"lambda\": [0.5], \"tau\": [0.3, 0.7]",
            $"\"k\": [{Values(i => i.ToString())}], \"lambda\": [{Values(i => $"0.{i:D4}")}], \"tau\": [{Values(i => $"0.{i:D4}")}]");
        var config = ExperimentConfig.Parse(json, "big.json");
        Assert.Equal(3.0 * 2 * (2 + 1e9), RunPlanner.Count(config));
        var e = Assert.Throws<InputException>(() => RunPlanner.Plan(config));
        Assert.StartsWith("t: 6,000,000,012 runs (seeds × datasets × methods and the K × λ × τ grid): more than one plan can list", e.Message);
        // The 10⁹ (one seed, one dataset): fewer than a list holds, far more than memory.
        config = ExperimentConfig.Parse(json.Replace("\"seeds\": [1, 2, 3]", "\"seeds\": [1]").Replace("\"ring8\", \"grid25\"", "\"ring8\""), "big.json");
        e = Assert.Throws<InputException>(() => RunPlanner.Plan(config));
        Assert.StartsWith("t: 1,000,000,002 runs (seeds × datasets × methods and the K × λ × τ grid), about 2 KB each to plan and check, would need 2048 GB of memory; ", e.Message);
        Assert.Equal(RunPlanner.Count(ExperimentConfig.Parse(Valid, "ok.json")), RunPlanner.Plan(ExperimentConfig.Parse(Valid, "ok.json")).Count);
    }

    [Fact]
    public void UnknownMethod_IsOneClearLine()
    {
        var e = Invalid(Valid.Replace("\"wgan-gp\"", "\"vaegan\""));
        Assert.Equal("bad.json: line 1, methods[1]: unknown method 'vaegan' (expected dcgan, wgan-gp, mma or pacganM with M in 2..64)", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void UnknownLpipsPairing_Fails() =>
        Assert.Equal("bad.json: line 3, eval.lpips_pairing: 'sorted': expected random or consecutive",
            Invalid(Valid.Replace("\"metrics\": [\"toy\"]", "\"metrics\": [\"toy\"], \"lpips_pairing\": \"sorted\"")).Message);

    [Theory]
    [InlineData("train", "gpu")]
    [InlineData("eval", "cuda:x")]
    public void DeviceOtherThanCpuOrCuda_IsOneLine(string section, string device)
    {
        var json = section == "train"
            ? Valid.Replace("\"steps\": 100", $"\"steps\": 100, \"device\": \"{device}\"")
            : Valid.Replace("\"metrics\": [\"toy\"]", $"\"metrics\": [\"toy\"], \"device\": \"{device}\"");
        Assert.Matches($"^bad.json: line 3, {section}.device: '{System.Text.RegularExpressions.Regex.Escape(device)}': expected cpu, cuda or cuda:N$", Invalid(json).Message);
    }

    [Fact]
    public void CudaDevices_Pass() =>
        ExperimentConfig.Parse(Valid.Replace("\"steps\": 100", "\"steps\": 100, \"device\": \"cuda:1\"")
            .Replace("\"metrics\": [\"toy\"]", "\"metrics\": [\"toy\"], \"device\": \"cuda\""), "ok.json").Validate("ok.json", Root);

    [Fact]
    public void EmptyGrid_Fails() => Assert.Contains("empty grid", Invalid(Valid.Replace("\"k\": [4, 8]", "\"k\": []")).Message);

    [Fact]
    public void EmptyGrid_IsFineWithoutMma() =>
        ExperimentConfig.Parse(Valid.Replace(", \"mma\"", "").Replace("\"k\": [4, 8]", "\"k\": []"), "ok.json").Validate("ok.json", Root);

    [Fact]
    public void MissingDataset_Fails()
    {
        var e = Invalid(Valid.Replace("\"grid25\"", "\"cifar10:/nonexistent/cifar\"").Replace("[\"toy\"]", "[\"fid\"]").Replace("\"ring8\", ", ""));
        Assert.Contains("/nonexistent/cifar does not exist", e.Message);
    }

    [Fact]
    public void UnknownDatasetKind_Fails() => Assert.Contains("unknown dataset 'moons'", Invalid(Valid.Replace("\"grid25\"", "\"moons\"")).Message);

    [Fact]
    public void NoDatasets_Fails() => Assert.Contains("no datasets", Invalid(Valid.Replace("[\"ring8\", \"grid25\"]", "[]")).Message);

    [Fact]
    public void NoBudget_Fails() => Assert.Contains("training budget", Invalid(Valid.Replace("\"steps\": 100", "\"batch\": 64")).Message);

    [Fact]
    public void FeatureMetrics_AreKnownAndKidNeedsTheDataset()
    {
        var dir = SharedFixtures.TempDir();
        var images = Directory.CreateDirectory(Path.Combine(dir, "imgs")).FullName;
        var stats = Path.Combine(dir, "ref.npz");
        File.WriteAllBytes(stats, []);
        var image = Valid.Replace("\"ring8\", \"grid25\"", $"\"images:{images}\"");
        ExperimentConfig.Parse(image.Replace("[\"toy\"]", "[\"fid\", \"is\", \"kid\", \"prdc\", \"fd-inf\"]"), "ok.json").Validate("ok.json", Root);
        var e = Invalid(image.Replace("\"metrics\": [\"toy\"]", $"\"metrics\": [\"kid\"], \"reference_stats\": \"{stats}\""));
        Assert.Contains("kid and prdc need the reference images' features", e.Message);
        Assert.Contains("expected fid, is, kid, prdc, fd-inf, vendi, lpips, toy", Invalid(image.Replace("[\"toy\"]", "[\"kidd\"]")).Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ImageMetricOnToy_Fails() => Assert.Contains("only the \"toy\" metric", Invalid(Valid.Replace("[\"toy\"]", "[\"fid\"]")).Message);

    [Fact]
    public void UnknownField_IsRejectedWithTheNearestKey()
    {
        var e = Assert.Throws<InputException>(() => ExperimentConfig.Parse(Valid.Replace("\"name\"", "\"nmae\": 1, \"name\""), "bad.json"));
        Assert.Equal("bad.json: line 1, nmae: unknown key (did you mean name?)", e.Message);
    }

    /// <summary>Every problem of a config in one pass, each with its JSON path and 1-based line, never a .NET type name.</summary>
    [Fact]
    public void FormProblemsAreListedTogetherWithPathAndLine()
    {
        var json = """
            { "name": "t", "datasets": ["grid25"], "methods": ["dcgan"], "seeds": [1],
              "train": { "steps": 2.5, "batch": "64" },
              "eval": { "metrcs": ["toy"], "toy_samples": 1e30 },
              "seeds": [2] }
            """;
        var e = Assert.Throws<InputException>(() => ExperimentConfig.Parse(json, "bad.json"));
        Assert.Equal("bad.json: 5 problems: line 2, train.steps: expected a whole number, got 2.5; line 2, train.batch: expected a whole number, got \"64\"; "
                     + "line 3, eval.metrcs: unknown key (did you mean metrics?); line 3, eval.toy_samples: 1e30 is out of range (a whole number up to 2147483647, written without an exponent); "
                     + "line 4, seeds: given twice (first on line 1); give each key once", e.Message);
        Assert.DoesNotContain("System.", e.Message);
        Assert.Contains("line 2, train.steps: 1e30 is out of range", Assert.Throws<InputException>(() => ExperimentConfig.Parse(
            """{ "name": "t",\n "train": { "steps": 1e30 } }""".Replace("\\n", "\n"), "bad.json")).Message);
        Assert.Contains("train.steps: expected a whole number, got \"300\"", Assert.Throws<InputException>(() => ExperimentConfig.Parse(
            """{ "train": { "steps": "300" } }""", "bad.json")).Message);
    }

    [Fact]
    public void ValueProblemsAreListedTogetherToo()
    {
        var e = Invalid(Valid.Replace("\"wgan-gp\"", "\"wgan-pg\"").Replace("[\"toy\"]", "[\"toyy\"]"));
        Assert.StartsWith("bad.json: 2 problems: line 1, methods[1]: unknown method 'wgan-pg'", e.Message);
        Assert.Contains("(did you mean wgan-gp?)", e.Message);
        Assert.Contains("line 3, eval.metrics[0]: unknown metric 'toyy'", e.Message);
        Assert.Contains("(did you mean toy?)", e.Message);
    }

    [Fact]
    public void TauOutOfRange_Fails() => Assert.Contains("grid.tau", Invalid(Valid.Replace("[0.3, 0.7]", "[1.5]")).Message);

    [SharedTheory]
    [InlineData("toy-smoke.json")]
    [InlineData("toy-full.json")]
    [InlineData("cifar10-smoke.json")]
    [InlineData("toy-long.json")]
    [InlineData("toy-stabilisers.json")]
    [InlineData("toy-pacgan-protocol.json")]
    [InlineData("toy-pacgan-protocol-5k.json")]
    [InlineData("toy-pacgan-reproduce.json")]
    [InlineData("toy-pacgan-ring-10k.json")]
    [InlineData("toy-pacgan-grid-15k.json")]
    public void ShippedConfigs_Validate(string name)
    {
        var path = Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", name);
        ExperimentConfig.Load(path).Validate(path, SharedFixtures.RepoRoot);
    }

    [Theory]
    [InlineData("cifar10-paper.json", 2 * 3 + 27 * 3 + 4 * 3)]
    [InlineData("celebahq-paper.json", 2 * 3 + 27 * 3)]
    [InlineData("toy-full.json", 2 * (2 * 5 + 27 * 5))]
    [InlineData("toy-pacgan-protocol.json", 2 * 4 * 5)]
    [InlineData("toy-pacgan-protocol-5k.json", 2 * 3 * 5)]
    [InlineData("toy-pacgan-reproduce.json", 2 * 1 * 3)]
    [InlineData("toy-pacgan-ring-10k.json", 1 * 3 * 5)]
    [InlineData("toy-pacgan-grid-15k.json", 1 * 3 * 5)]
    public void ShippedConfigs_Parse_AndPlanTheExpectedRuns(string name, int runs)
    {
        var path = Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", name);
        Assert.Equal(runs, RunPlanner.Plan(ExperimentConfig.Load(path)).Count);
    }

    [Fact]
    public void PacGanProtocolConfig_HoldsItsBudgetAtTheTopLevel_AndPlansPackedGans()
    {
        var path = Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", "toy-pacgan-protocol.json");
        Assert.Contains("pacgan", Path.GetFileName(path));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var steps = json["steps"]!.GetValue<long>();
        var config = ExperimentConfig.Load(path);
        Assert.Equal(steps, config.Train.Steps);
        Assert.Contains("ring8-pacgan", config.Datasets);
        var runs = RunPlanner.Plan(config);
        Assert.Contains(runs, r => r.Method == "pacgan2" && r.Label == "PacGAN2" && r.ConfigId == "grid25_pacgan2");
        Assert.Equal(["dcgan", "pacgan2", "mma", "wgan-gp"], runs.Take(4).Select(r => r.Method));
    }

    [Theory]
    [InlineData("\"steps\": 5, \"train\": { \"steps\": 6 }", "disagree")]
    [InlineData("\"steps\": 5, \"methods\": [\"pacgan1\"]", "unknown method 'pacgan1'")]
    public void TopLevelStepsAndPacGanMethods_AreChecked(string fragment, string message)
    {
        var json = "{ \"name\": \"x\", \"datasets\": [\"grid25\"], \"seeds\": [1], \"eval\": { \"metrics\": [\"toy\"] }, "
                   + (fragment.Contains("methods") ? "" : "\"methods\": [\"dcgan\"], ") + fragment + " }";
        var e = Assert.Throws<InputException>(() => ExperimentConfig.Parse(json, "c.json").Validate("c.json", SharedFixtures.RepoRoot));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void PackOf_ParsesPacGanM()
    {
        Assert.Equal(2, ExperimentConfig.PackOf("pacgan2"));
        Assert.Equal(4, ExperimentConfig.PackOf("PacGAN4"));
        Assert.Null(ExperimentConfig.PackOf("pacgan1"));
        Assert.Null(ExperimentConfig.PackOf("pacgan+2"));
        Assert.Null(ExperimentConfig.PackOf("dcgan"));
        Assert.Equal("pacgan3", ExperimentConfig.CanonicalMethod("PacGAN3"));
    }
}

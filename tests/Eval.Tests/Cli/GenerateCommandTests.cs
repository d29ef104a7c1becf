using System.CommandLine;
using MmaGan.Eval.Cli;
using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Tensors;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

[Collection("Console")]
public class GenerateCommandTests
{
    static string ThirdParty => SharedFixtures.Reference("generator_dcgan_thirdparty.onnx");

    static (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(GenerateCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (root.Parse(["generate", .. args]).Invoke(), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    [SharedFact]
    public void ThirdPartyGenerator_WithZ_ReproducesReferenceOutput()
    {
        var outNpy = Path.Combine(SharedFixtures.TempDir(), "out.npy");
        var (code, _, err) = Invoke(ThirdParty, "--z", SharedFixtures.Reference("generator_z.npy"), "--out-npy", outNpy, "--batch", "3");
        Assert.True(code == 0, err);
        var actual = Npy.Read(outNpy);
        var expected = Npy.Read(SharedFixtures.Reference("generator_expected.npy"));
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal("<f4", actual.Dtype);
        var maxDiff = expected.AsFloat().Zip(actual.AsFloat(), (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxDiff <= 1e-5, $"max abs diff {maxDiff}");
    }

    [SharedFact]
    public void ThirdPartyGenerator_WithZ_WritesPngsMatchingExpected()
    {
        var dir = SharedFixtures.TempDir();
        var (code, _, err) = Invoke(ThirdParty, "--z", SharedFixtures.Reference("generator_z.npy"), "--out", dir);
        Assert.True(code == 0, err);
        var expected = Npy.Read(SharedFixtures.Reference("generator_expected.npy")).AsFloat();
        var files = Directory.GetFiles(dir, "*.png").Order().ToArray();
        Assert.Equal(4, files.Length);
        Assert.EndsWith("000000.png", files[0]);
        var image = ImageFile.Read(files[1]);
        Assert.Equal((32, 32, 3), (image.Width, image.Height, image.Channels));
        var reference = ImageTensor.FromChw(expected.AsSpan(3072, 3072), 3, 32, 32, -1f, 1f);
        Assert.Equal(reference.Pixels, image.Pixels);
    }

    [SharedFact]
    public void SeededSampling_IsReproducible_AndJsonIsLastLine()
    {
        var a = SharedFixtures.TempDir();
        var b = SharedFixtures.TempDir();
        var npyA = Path.Combine(a, "raw.npy");
        var (code, stdout, err) = Invoke(ThirdParty, "--n", "10", "--seed", "3", "--out", a, "--out-npy", npyA, "--batch", "4", "--json");
        Assert.True(code == 0, err);
        Assert.Equal(0, Invoke(ThirdParty, "--n", "10", "--seed", "3", "--out", b).Code);
        Assert.Equal(10, Directory.GetFiles(a, "*.png").Length);
        foreach (var f in Directory.GetFiles(a, "*.png"))
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(f))));
        Assert.Equal([10L, 3, 32, 32], Npy.Read(npyA).Shape);

        // The same latents through the library give the same raw output.
        using var g = OnnxGenerator.Open(ThirdParty);
        var direct = g.Run(StandardNormalLatents.Sample(3, 10 * 100), 10);
        Assert.Equal(direct, Npy.Read(npyA).AsFloat());

        using var json = System.Text.Json.JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        Assert.Equal(10, json.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public void ToyGenerator_WritesSamplesNpy()
    {
        var dir = SharedFixtures.TempDir();
        var model = Path.Combine(dir, "toy.onnx");
        var builder = new OnnxGraphBuilder("toy");
        var z = builder.AddInput("z", OnnxElementType.Float, "N", 3);
        var w = builder.AddInitializer("w", [1f, 0f, 0f, 0f, 1f, 0f], 2, 3);
        builder.AddOutput(builder.AddNode("Gemm", [z, w], ["samples"], null, OnnxAttribute.Int("transB", 1))[0], OnnxElementType.Float, "N", 2);
        builder.Metadata["output_range"] = "unbounded";
        builder.Save(model);

        var outDir = Path.Combine(dir, "out");
        var (code, _, err) = Invoke(model, "--n", "5", "--out", outDir);
        Assert.True(code == 0, err);
        var samples = Npy.Read(Path.Combine(outDir, "samples.npy"));
        Assert.Equal([5L, 2], samples.Shape);
        var zs = StandardNormalLatents.Sample(StandardNormalLatents.DefaultSeed, 15);
        Assert.Equal([zs[0], zs[1], zs[3], zs[4]], samples.AsFloat()[..4]);
    }

    [Fact]
    public void BadInput_ExitsTwoWithOneLine()
    {
        var dir = SharedFixtures.TempDir();
        var (code, _, err) = Invoke(Path.Combine(dir, "missing.onnx"), "--n", "2", "--out", dir);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err);
        Assert.Single(err.TrimEnd().Split('\n'));

        Assert.Equal(2, Invoke(Path.Combine(dir, "missing.onnx"), "--out", dir).Code); // neither --n nor --z
        Assert.Throws<InputException>(() => GenerateCommand.Run(new GenerateCommand.GenerateRequest("x.onnx", 2, 0, "z.npy", dir, null)));
    }

    [SharedFact]
    public void WrongLatentWidth_IsInputError()
    {
        var dir = SharedFixtures.TempDir();
        var z = Path.Combine(dir, "z.npy");
        Npy.Write(z, new float[4 * 7], 4, 7);
        var (code, _, err) = Invoke(ThirdParty, "--z", z, "--out-npy", Path.Combine(dir, "o.npy"));
        Assert.Equal(2, code);
        Assert.Contains("100", err);
    }

    [Theory]
    [InlineData(new long[] { 5 })]
    [InlineData(new long[] { 3, 2 })]
    [InlineData(new long[] { 2, 3, 4, 5 })]
    public void StreamedNpyHeader_IsReadBackByNpy(long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = Enumerable.Range(0, count).Select(i => i * 0.5f - 3f).ToArray();
        var stream = new MemoryStream();
        Npy.WriteHeader(stream, "<f4", shape); // as generate --out-npy streams it
        Assert.Equal(0, stream.Length % 64);
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        stream.Position = 0;
        var array = Npy.Read(stream, "streamed.npy");
        Assert.Equal(shape, array.Shape);
        Assert.Equal(data, array.AsFloat());
    }
}

using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Models.Fetch;
using MmaGan.Models.Inception;
using MmaGan.Models.Lpips;
using MmaGan.Shared.Cli;
using MmaGan.Shared.Models;
using MmaGan.Shared.Pth;

namespace MmaGan.Eval.Cli;

/// <summary>
/// `models` subcommands: inspect a .pth file, build the FID Inception-v3 / LPIPS ONNX models from the official
/// PyTorch weights, or fetch the official files and build both (`make models`).
/// </summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "inspect PyTorch weight files and build the pretrained FID Inception / LPIPS ONNX models");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(BuildFid());
        command.Subcommands.Add(BuildLpips());
        command.Subcommands.Add(FetchAndBuild());
        return command;
    }

    static readonly Option<bool> JsonOption = EvalOptions.Json();

    static Command Inspect()
    {
        var file = new Argument<string>("file") { Description = "A PyTorch .pth file (legacy or zip serialization)" };
        var cmd = new Command("inspect", "list every tensor (name, dtype, shape) of a .pth file; fail if it is truncated") { file, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            using var pth = PthFile.Open(parse.GetValue(file)!);
            var width = pth.Tensors.Count == 0 ? 4 : pth.Tensors.Max(t => t.Name.Length);
            foreach (var t in pth.Tensors)
                Console.WriteLine($"{t.Name.PadRight(width)}  {t.Dtype.Name,-8}  {t.ShapeText}");
            var parameters = pth.Tensors.Sum(t => t.Count);
            Console.WriteLine($"{pth.Tensors.Count} tensors, {parameters} values, {pth.Format.ToString().ToLowerInvariant()} serialization");
            if (parse.GetValue(JsonOption))
                CliRunner.PrintJson(new
                {
                    file = pth.Path,
                    format = pth.Format.ToString().ToLowerInvariant(),
                    tensors = pth.Tensors.Count,
                    values = parameters,
                    missing_bytes = pth.MissingBytes,
                });
            pth.Validate();
            return CliRunner.Ok;
        }));
        return cmd;
    }

    static Command BuildFid()
    {
        var weights = new Option<string>("--weights") { Description = "pt_inception-2015-12-05-6726825d.pth (pytorch-fid)", Required = true };
        var output = new Option<string>("--out") { Description = "Output ONNX file (default: the models folder, $MMAGAN_MODELS or the repository's models/)", DefaultValueFactory = _ => ModelsFolder.FileIn(ModelFetcher.FidModelFile) };
        var cmd = new Command("build-fid", "build pytorch-fid's FID Inception-v3 as ONNX (input images [N,3,H,W] in [0,1]; outputs pool3, logits_unbiased, logits)")
            { weights, output, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            var outPath = OutputPath.File(parse.GetValue(output)!, "--out");
            FidInceptionBuilder.BuildFile(parse.GetValue(weights)!, outPath);
            return Report(outPath, parse.GetValue(JsonOption));
        }));
        return cmd;
    }

    static Command BuildLpips()
    {
        var trunk = new Option<string>("--trunk") { Description = "torchvision trunk weights (alexnet-owt-7be5be79.pth, vgg16-397923af.pth, squeezenet1_1-b8a52dc0.pth)", Required = true };
        var lin = new Option<string>("--lin") { Description = "LPIPS v0.1 linear weights (lpips/weights/v0.1/<net>.pth)", Required = true };
        var net = new Option<string>("--net") { Description = "Trunk: alex, vgg or squeeze", DefaultValueFactory = _ => "alex" };
        net.AcceptOnlyFromAmong("alex", "vgg", "squeeze");
        var output = new Option<string>("--out") { Description = "Output ONNX file (default: the models folder, $MMAGAN_MODELS or the repository's models/)", DefaultValueFactory = _ => ModelsFolder.FileIn(ModelFetcher.LpipsAlexModelFile) };
        var cmd = new Command("build-lpips", "build LPIPS v0.1 as ONNX (inputs x0, x1 [N,3,H,W] in [-1,1]; output distance [N])")
            { trunk, lin, net, output, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            var outPath = OutputPath.File(parse.GetValue(output)!, "--out");
            var which = parse.GetValue(net) switch { "vgg" => LpipsNet.Vgg, "squeeze" => LpipsNet.Squeeze, _ => LpipsNet.Alex };
            LpipsModelBuilder.BuildFile(parse.GetValue(trunk)!, parse.GetValue(lin)!, which, outPath);
            return Report(outPath, parse.GetValue(JsonOption));
        }));
        return cmd;
    }

    static Command FetchAndBuild()
    {
        var dir = new Option<string>("--dir") { Description = "Models folder (default: $MMAGAN_MODELS, else the repository's models/); downloads go to DIR/downloads", DefaultValueFactory = _ => ModelsFolder.Current };
        var cmd = new Command("fetch-and-build", "download the official weight files (SHA-256 checked) and build fid-inception.onnx and lpips-alex.onnx")
            { dir, JsonOption };
        cmd.SetAction(parse => Run(cancel =>
        {
            OutputPath.Folder(parse.GetValue(dir)!, "--dir");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("MmaGan/1");
            var built = ModelFetcher.FetchAndBuild(parse.GetValue(dir)!, http, Console.WriteLine, cancel);
            foreach (var b in built) Console.WriteLine($"{Path.Combine(parse.GetValue(dir)!, b.File)}  sha256 {b.Sha256}");
            if (parse.GetValue(JsonOption))
                CliRunner.PrintJson(new { models = built.Select(b => new { file = b.File, sha256 = b.Sha256, bytes = b.Bytes }) });
            return CliRunner.Ok;
        }));
        return cmd;
    }

    static int Report(string outPath, bool json)
    {
        var sha = WeightDownloader.Sha256Of(outPath);
        Console.WriteLine($"wrote {outPath} ({new FileInfo(outPath).Length} bytes, sha256 {sha})");
        if (json) CliRunner.PrintJson(new { @out = outPath, sha256 = sha });
        return CliRunner.Ok;
    }

    /// <summary><see cref="CliRunner"/>'s exit codes, with a failed download (<see cref="ModelFetchException"/>) as a one-line exit 1.</summary>
    static int Run(Func<CancellationToken, int> action) => CliRunner.Run(cancel =>
    {
        try { return action(cancel); }
        catch (ModelFetchException e) { Console.Error.WriteLine("error: " + CliRunner.OneLine(e.Message)); return CliRunner.Error; }
    });

    static int Run(Func<int> action) => Run(_ => action());
}

using System.CommandLine;
using MmaGan.Shared.IO;
using MmaGan.Models.Clip;
using MmaGan.Models.Dinov2;
using MmaGan.Models.Fetch;
using MmaGan.Models.Inception;
using MmaGan.Models.Lpips;
using MmaGan.Models.Preprocessing;
using MmaGan.Shared.Cli;
using MmaGan.Shared.Models;
using MmaGan.Shared.Pth;

namespace MmaGan.Eval.Cli;

/// <summary>
/// `models` subcommands: inspect a .pth file, build the FID Inception-v3 (pytorch-fid's or clean-fid's clean convention),
/// LPIPS, DINOv2 and CLIP ONNX models from the official PyTorch weights, or fetch the official files and build them (`make models`).
/// </summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "inspect PyTorch weight files and build the pretrained FID Inception, LPIPS, DINOv2 and CLIP ONNX models");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(BuildFid());
        command.Subcommands.Add(BuildLpips());
        command.Subcommands.Add(BuildDinov2());
        command.Subcommands.Add(BuildClip());
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
        var output = new Option<string?>("--out") { Description = $"Output ONNX file (default: the models folder's {ModelFetcher.FidModelFile}, or {ModelFetcher.FidCleanModelFile} with --resize clean)" };
        var resize = new Option<string>("--resize")
        {
            Description = "legacy-pytorch: pytorch-fid's bilinear resize inside the network, input [N,3,H,W] in [0,1] (the default); " +
                          "clean: clean-fid's mode=\"clean\" — no resize inside, input [N,3,299,299] on 0-255 that the evaluator resizes with PIL bicubic",
            DefaultValueFactory = _ => FeaturePreprocessing.LegacyPytorch.Convention,
        };
        resize.AcceptOnlyFromAmong(FeaturePreprocessing.LegacyPytorch.Convention, FeaturePreprocessing.Clean.Convention);
        var cmd = new Command("build-fid", "build pytorch-fid's FID Inception-v3 as ONNX (input images [N,3,H,W] in [0,1]; outputs pool3, logits_unbiased, logits)")
            { weights, resize, output, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            var convention = parse.GetValue(resize) == FeaturePreprocessing.Clean.Convention ? FeaturePreprocessing.Clean : FeaturePreprocessing.LegacyPytorch;
            var outPath = OutputPath.File(parse.GetValue(output)
                ?? ModelsFolder.FileIn(convention == FeaturePreprocessing.Clean ? ModelFetcher.FidCleanModelFile : ModelFetcher.FidModelFile), "--out");
            FidInceptionBuilder.BuildFile(parse.GetValue(weights)!, outPath, convention);
            WarnUnlessOfficial(outPath, (parse.GetValue(weights)!, "fid_inception"));
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
            if (which == LpipsNet.Alex) WarnUnlessOfficial(outPath, (parse.GetValue(trunk)!, "alexnet"), (parse.GetValue(lin)!, "lpips_alex_lin"));
            return Report(outPath, parse.GetValue(JsonOption));
        }));
        return cmd;
    }

    static Command BuildDinov2()
    {
        var weights = new Option<string>("--weights") { Description = "dinov2_vit{s,b,l,g}14_pretrain.pth (facebookresearch/dinov2, as torch.hub downloads it)", Required = true };
        var arch = new Option<string?>("--arch") { Description = "vits14, vitb14, vitl14 or vitg14 (default: read from the weights)" };
        arch.AcceptOnlyFromAmong(Dinov2Architecture.ArchNames);
        var preprocess = new Option<string>("--preprocess")
        {
            Description = "dgm-eval: PIL bicubic (8-bit) to 224, ToTensor, ImageNet mean/std (the default, dgm-eval's FD-DINOv2); " +
                          "torch-fidelity: TF1-compatible bilinear to 224 on 0-255 floats, mean/std ×255 (torch-fidelity 0.4's dinov2-vit-*-14)",
            DefaultValueFactory = _ => FeaturePreprocessing.DgmEval.Convention,
        };
        preprocess.AcceptOnlyFromAmong([.. Dinov2Builder.Conventions.Select(c => c.Convention)]);
        var output = new Option<string?>("--out") { Description = "Output ONNX file (default: the models folder's dinov2-<arch>.onnx, with -torch-fidelity for that convention)" };
        var cmd = new Command("build-dinov2", "build a DINOv2 backbone as ONNX (input images [N,3,224,224], resized by the evaluator; output features [N,D] = the CLS token after the final norm)")
            { weights, arch, preprocess, output, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            var convention = Dinov2Builder.Convention(parse.GetValue(preprocess)!);
            var given = parse.GetValue(output);
            string outPath;
            using (var w = PthFile.Open(parse.GetValue(weights)!))
            {
                w.Validate();
                var a = Dinov2Architecture.Infer(w, parse.GetValue(arch));
                var suffix = convention == FeaturePreprocessing.DgmEval ? "" : "-" + convention.Convention;
                outPath = OutputPath.File(given ?? ModelsFolder.FileIn($"dinov2-{a.Name}{suffix}.onnx"), "--out");
                Dinov2Builder.Build(w, convention, parse.GetValue(arch)).Save(outPath);
            }
            return Report(outPath, parse.GetValue(JsonOption));
        }));
        return cmd;
    }

    static Command BuildClip()
    {
        var weights = new Option<string>("--weights") { Description = "OpenAI's ViT-B-32.pt (a TorchScript archive: only its tensors are read) or a state dict with the same visual.* keys", Required = true };
        var output = new Option<string>("--out") { Description = "Output ONNX file (default: the models folder's clip-vit-b32.onnx)", DefaultValueFactory = _ => ModelsFolder.FileIn(ModelFetcher.ClipModelFile) };
        var cmd = new Command("build-clip", "build CLIP's image encoder (encode_image) as ONNX with clean-fid's CLIP-FID preprocessing (input images [N,3,224,224] in [0,1]; output features [N,512])")
            { weights, output, JsonOption };
        cmd.SetAction(parse => Run(() =>
        {
            var outPath = OutputPath.File(parse.GetValue(output)!, "--out");
            ClipImageEncoderBuilder.BuildFile(parse.GetValue(weights)!, outPath);
            return Report(outPath, parse.GetValue(JsonOption));
        }));
        return cmd;
    }

    static Command FetchAndBuild()
    {
        var dir = new Option<string>("--dir") { Description = "Models folder (default: $MMAGAN_MODELS, else the repository's models/); downloads go to DIR/downloads", DefaultValueFactory = _ => ModelsFolder.Current };
        var models = new Option<string>("--models")
        {
            Description = $"Which models, comma-separated: {string.Join(", ", ModelFetcher.Models.Select(m => $"{m.Name} ({m.File})"))}; or all",
            DefaultValueFactory = _ => string.Join(",", ModelFetcher.DefaultModels),
        };
        var cmd = new Command("fetch-and-build", "download the official weight files (SHA-256 checked) and build fid-inception.onnx, fid-inception-clean.onnx and lpips-alex.onnx (--models: also dinov2, clip)")
            { dir, models, JsonOption };
        cmd.SetAction(parse => Run(cancel =>
        {
            OutputPath.Folder(parse.GetValue(dir)!, "--dir");
            var chosen = ModelFetcher.Parse(parse.GetValue(models)!);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(60) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("MmaGan/1");
            var built = ModelFetcher.FetchAndBuild(parse.GetValue(dir)!, http, Console.WriteLine, cancel, models: chosen);
            foreach (var b in built) Console.WriteLine($"{Path.Combine(parse.GetValue(dir)!, b.File)}  sha256 {b.Sha256}");
            if (parse.GetValue(JsonOption))
                CliRunner.PrintJson(new { models = built.Select(b => new { file = b.File, sha256 = b.Sha256, bytes = b.Bytes }) });
            return CliRunner.Ok;
        }));
        return cmd;
    }

    /// <summary>Warns at build time, in one line per file, when a weight file is not the official one of models/manifest.json:
    /// the model's numbers are not comparable with published ones (what every evaluation with it then says again).</summary>
    static void WarnUnlessOfficial(string built, params (string Path, string ManifestId)[] sources)
    {
        foreach (var (path, id) in sources)
        {
            var official = SourceDigests.OfficialManifest.Get(id);
            var sha = SourceDigests.Sha256Of(path);
            if (!official.Matches(sha))
                Warnings.Once($"{path} is not the official {official.Name} (sha256 {sha[..12]}…): {built} gives numbers that are not comparable with published ones (reports say comparable = no)");
        }
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

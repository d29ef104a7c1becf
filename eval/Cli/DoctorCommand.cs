using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Onnx;
using MmaGan.Shared.Cli;
using MmaGan.Shared.Onnx;

namespace MmaGan.Eval.Cli;

/// <summary><c>mmagan-eval doctor [--device cuda:N] [--require] [--json]</c>: prints <see cref="OrtDoctor.Examine"/> (exit 0: it reports,
/// it does not judge — unless <c>--require</c>, which first refuses a device that cannot be used, as any command would).</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "which CUDA device to probe: cuda or cuda:N", DefaultValueFactory = _ => "cuda:0" };
        var require = new Option<bool>("--require") { Description = "exit 2 with one line when --device cannot be used here (the bench checks eval.device so)" };
        var json = EvalOptions.Json();
        var command = new Command("doctor", "ONNX Runtime version and build (CPU/GPU), execution providers compiled in and loading here, threads, the models folder's models");
        command.AddOptions(device, require, json);
        command.SetAction(p => CliRunner.Run(() =>
        {
            var probe = OrtDevice.Parse(p.GetValue(device));
            if (p.GetValue(require)) CudaExecutionProvider.Require(probe);
            var r = OrtDoctor.Examine(probe.CudaId ?? 0);
            Console.WriteLine($"ONNX Runtime    {r.OrtVersion}, {r.Build} build ({r.Package})");
            Console.WriteLine($"compiled in     {string.Join(", ", r.CompiledProviders)}");
            var first = true;
            foreach (var s in r.Providers)
            {
                var state = !s.CompiledIn ? "not compiled in: " + s.Problem : s.Loads switch { true => "loads", false => "does not load: " + s.Problem, null => s.Problem };
                Console.WriteLine($"{(first ? "loads here" : ""),-15} {s.Name}: {state}");
                first = false;
            }
            Console.WriteLine($"CUDA libraries  {string.Join(", ", r.CudaLibraries.Select(l => $"{l.File} {(l.Found ? "found" : "missing")}"))}");
            Console.WriteLine($"CUDA settings   {r.CudaSettings}");
            Console.WriteLine($"threads         {r.Cores} cores: {r.IntraOpThreads} intra-op threads per session by default (--threads N), {r.InterOpThreads} inter-op");
            Console.WriteLine($"models folder   {r.ModelsFolder} (${Shared.Models.ModelsFolder.Variable} overrides)");
            if (r.Models.Count == 0) Console.WriteLine("                no .onnx models (`make models` builds fid-inception.onnx and lpips-alex.onnx)");
            foreach (var m in r.Models)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.File}  {m.Bytes / 1048576.0:F1} MiB  sha256 {m.Sha256[..16]}…  official: {m.Official} ({m.Detail})"));
            if (p.GetValue(json)) CliRunner.PrintJson(r);
            return CliRunner.Ok;
        }));
        return command;
    }
}

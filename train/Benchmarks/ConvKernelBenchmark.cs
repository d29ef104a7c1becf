using System.Diagnostics;
using System.Globalization;

namespace MmaGan.Train.Benchmarks;

/// <summary>
/// The DCGAN-32 MMA-GAN trainer step (B = M = 64, K = 8) with each choice of convolution kernels, side by side in one run:
/// oneDNN (default), GEMM convolutions (the safe path the start-up check switches to), libtorch's own kernels, and oneDNN capped at SSE4.1
/// (<c>ONEDNN_MAX_CPU_ISA=SSE41</c>, the manual workaround). The cap must be set before oneDNN starts, so every round of
/// every variant runs in a child process (<c>mmagan-train bench kernels --child VARIANT</c>), alternating variants so
/// that all see the same machine load. A variant that fails (e.g. oneDNN refused as wrong on this CPU) is reported with
/// its error and gets no ratio.
/// </summary>
public static class ConvKernelBenchmark
{
    public sealed record Variant(string Name, string ConvBackend, string? IsaCap);

    public static readonly Variant[] Variants =
    [
        new("oneDNN", "onednn", null),
        new("GEMM (safe path)", "gemm", null),
        new("libtorch's own", "aten", null),
        new("oneDNN capped at SSE4.1", "onednn", "SSE41"),
    ];

    public sealed record Row(Variant Variant, double? WallMs, double? CpuMs, string? Error);

    public static List<Row> Run(int steps, int rounds, int threads, bool includeAten, Action<string> progress)
    {
        var variants = Variants.Where(v => includeAten || v.ConvBackend != "aten").ToArray();
        var wall = variants.ToDictionary(v => v, _ => new List<double>());
        var cpu = variants.ToDictionary(v => v, _ => new List<double>());
        var errors = new Dictionary<Variant, string>();
        for (var r = 0; r < rounds; r++)
            foreach (var v in variants.Where(v => !errors.ContainsKey(v)))
            {
                progress($"round {r + 1}/{rounds}: {v.Name}");
                var (ok, output) = RunChild(v, steps, threads);
                var parts = output.Trim().Split(' ');
                if (ok && parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var w)
                       && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var c))
                { wall[v].Add(w); cpu[v].Add(c); }
                else errors[v] = output.Trim().Split('\n').LastOrDefault() ?? "failed";
            }
        return variants.Select(v => errors.TryGetValue(v, out var e)
            ? new Row(v, null, null, e)
            : new Row(v, Median(wall[v]), Median(cpu[v]), null)).ToList();
    }

    /// <summary>The child's work: one timed round, printed as "wall_ms cpu_ms" per step.</summary>
    public static string Child(string variant, int steps, int threads)
    {
        var v = Variants.FirstOrDefault(x => Key(x) == variant) ?? throw new Shared.IO.InputException($"--child: unknown variant '{variant}'");
        var t = StepBenchmark.TrainerRound(steps, threads, v.ConvBackend);
        return string.Create(CultureInfo.InvariantCulture, $"{t.WallMs:F2} {t.CpuMs:F2}");
    }

    static string Key(Variant v) => v.ConvBackend + (v.IsaCap is null ? "" : "-" + v.IsaCap.ToLowerInvariant());

    static (bool Ok, string Output) RunChild(Variant v, int steps, int threads)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the trainer's own executable");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(entry); // run through `dotnet x.dll`
        foreach (var a in new[] { "bench", "kernels", "--child", Key(v), "--steps", steps.ToString(), "--threads", threads.ToString() })
            start.ArgumentList.Add(a);
        if (v.IsaCap is { } cap) start.Environment["ONEDNN_MAX_CPU_ISA"] = cap;
        else start.Environment.Remove("ONEDNN_MAX_CPU_ISA");
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? (true, stdout) : (false, stderr.Result.Length > 0 ? stderr.Result : stdout);
    }

    static double Median(List<double> xs) { var s = xs.Order().ToArray(); return s[s.Length / 2]; }
}

using System.Diagnostics;

namespace MmaGan.Bench.Tests.Cli;

/// <summary>Runs the built mmagan-bench (beside the test assembly) as a separate process.</summary>
internal static class BenchCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.TrimEnd().Split('\n').Last().Trim();
    }

    /// <summary>Runs with extra environment variables (a null value removes one).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mmagan-bench.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("mmagan-bench " + string.Join(" ", args)); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}

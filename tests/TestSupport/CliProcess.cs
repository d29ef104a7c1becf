using System.Diagnostics;

namespace MmaGan.TestSupport;

/// <summary>Runs one of the built command-line tools (its .dll beside the test assembly) as a separate process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.TrimEnd().Split('\n').Last().Trim();
    }

    /// <summary>Runs <c>dotnet DLL args…</c> with extra environment variables (a null value removes one); kills it and
    /// throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static Result Run(string dll, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException(Path.GetFileNameWithoutExtension(dll) + " " + string.Join(" ", args)); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}

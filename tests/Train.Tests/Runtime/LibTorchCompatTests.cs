using System.Diagnostics;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Train.Tests.Runtime;

/// <summary>The build-time patch that lets TorchSharp's native library load on a libstdc++ without GLIBCXX_3.4.32.</summary>
public class LibTorchCompatTests
{
    static string Native => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
    static string Script => Path.Combine(SharedFixtures.RepoRoot, "tools", "libtorch-compat", "ensure-compat.sh");

    static bool SystemHasGlibcxx3432()
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64" })
        {
            var path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return File.ReadAllText(path).Contains("GLIBCXX_3.4.32");
        }
        return false;
    }

    static (int Code, string Output) Run(string file, string args, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Fact]
    public void TheLoadedLibTorchSharpIsThePatchedOneWhereTheSystemNeedsIt()
    {
        using var t = TorchSharp.torch.ones(2); // forces the native load
        var maps = File.ReadAllLines("/proc/self/maps");
        var loaded = maps.Where(l => l.EndsWith("libLibTorchSharp.so")).Select(l => l[(l.IndexOf('/'))..]).Distinct().Single();
        Assert.Equal(Path.GetFullPath(Path.Combine(Native, "libLibTorchSharp.so")), loaded);
        var shimLoaded = maps.Any(l => l.EndsWith("libmmagan_glibcxx_compat.so"));
        if (SystemHasGlibcxx3432()) Assert.False(shimLoaded, "patched although the system libstdc++ has GLIBCXX_3.4.32");
        else
        {
            Assert.True(shimLoaded, "the compatibility shim is not loaded");
            var (_, dynamic) = Run("readelf", $"-d -V \"{loaded}\"");
            Assert.Contains("[libmmagan_glibcxx_compat.so]", dynamic);
            Assert.Contains("GLIBCXX_3.4.32  Flags: WEAK", dynamic);
        }
    }

    [Fact]
    public void NothingIsPatchedOnASystemWhoseLibstdcxxHasTheVersion()
    {
        var dir = SharedFixtures.TempDir();
        var fakeStdcxx = Path.Combine(dir, "libstdc++.so.6");
        File.WriteAllText(fakeStdcxx, "... GLIBCXX_3.4.31 GLIBCXX_3.4.32 ...");
        var lib = Path.Combine(dir, "libLibTorchSharp.so");
        File.WriteAllText(lib, "unpatched library bytes");
        var (code, output) = Run("bash", $"\"{Script}\" \"{dir}\"", new() { ["MMAGAN_LIBSTDCXX"] = fakeStdcxx });
        Assert.Equal(0, code);
        Assert.Contains("nothing to patch", output);
        Assert.Equal("unpatched library bytes", File.ReadAllText(lib));
        Assert.False(File.Exists(Path.Combine(dir, "libmmagan_glibcxx_compat.so")));
    }
}

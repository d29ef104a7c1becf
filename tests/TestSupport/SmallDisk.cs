using System.Diagnostics;

namespace MmaGan.TestSupport;

/// <summary>
/// A small tmpfs of its own (<c>mount -t tmpfs -o size=N tmpfs DIR</c>) for full-disk and read-only-folder tests: real ENOSPC
/// and EROFS from the kernel, not a simulation. Needs root and mount(8); <see cref="SmallDiskFactAttribute"/> skips otherwise.
/// Unmounted (lazily, so a file a test left open does not keep it) and removed on dispose.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public string Path { get; }

    SmallDisk(string path) => Path = path;

    /// <summary>Whether tmpfs mounts are possible here (root, mount(8) present).</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/bin/mount") && Probe();

    public const string UnavailableMessage = "a small tmpfs cannot be mounted here (needs root and mount(8))";

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes (read-only when asked) in a fresh temporary folder.</summary>
    public static SmallDisk Mount(long bytes, bool readOnly = false)
    {
        var dir = SharedFixtures.TempDir("small-disk");
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=1777{(readOnly ? ",ro" : "")}", "tmpfs", dir);
        return new SmallDisk(dir);
    }

    /// <summary>Fills the disk: a file of zeros written until the kernel says ENOSPC. Returns its path.</summary>
    public string Fill()
    {
        var path = System.IO.Path.Combine(Path, "fill");
        var block = new byte[4096];
        using var s = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try { while (true) s.Write(block); }
        catch (IOException) { }
        return path;
    }

    /// <summary>Every file under the disk except <paramref name="except"/> (what a failed command left behind).</summary>
    public IReadOnlyList<string> FilesExcept(params string[] except) =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Where(f => !except.Contains(f)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try { Run("umount", "-l", Path); Directory.Delete(Path, recursive: true); }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
    }

    static bool Probe()
    {
        try { using var d = Mount(1 << 16); return true; }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException) { return false; }
    }

    static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {err.Trim()}");
    }
}

/// <summary>A fact that needs a <see cref="SmallDisk"/>: skipped with a clear message where tmpfs cannot be mounted.</summary>
public sealed class SmallDiskFactAttribute : Xunit.FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SharedFixtures.Root == null) Skip = SharedFixtures.AbsentMessage;
        else if (!SmallDisk.Available) Skip = SmallDisk.UnavailableMessage;
    }
}

namespace MmaGan.TestSupport;

/// <summary>
/// Locates ../shared (data, weights, reference fixtures) beside the checkout, or MMAGAN_SHARED.
/// Tests that need it call <see cref="Require"/>, which skips with a clear message only when the folder is absent.
/// </summary>
public static class SharedFixtures
{
    public static string? Root { get; } = Find();

    static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("MMAGAN_SHARED");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MmaGan.sln")))
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared");
                return Directory.Exists(Path.Combine(candidate, "fixtures")) ? Path.GetFullPath(candidate) : null;
            }
        }
        return null;
    }

    public const string AbsentMessage = "../shared is absent (set MMAGAN_SHARED=/path/to/shared)";

    /// <summary>Path under ../shared. Tests using it are marked [SharedFact]/[SharedTheory] and skip when it is absent.</summary>
    public static string Path_(params string[] parts) =>
        Path.Combine([Root ?? throw new InvalidOperationException(AbsentMessage), .. parts]);

    public static string Reference(string name) => Path_("fixtures", "reference", name);

    /// <summary>The repository root (the folder holding MmaGan.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "MmaGan.sln"))) return dir.FullName;
            throw new InvalidOperationException("MmaGan.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A fresh temporary folder under TMP/mmagan-tests, deleted when the test process exits (tests may delete it
    /// earlier); a folder a killed test process left behind is deleted by the next test process once it is 2 hours old.
    /// (/tmp is not cleaned here by the OS: left behind, 2,461 such folders — 13 GB, built models of 91–202 MB among them — had
    /// piled up over the runs of one day and filled the disk.)</summary>
    public static string TempDir(string prefix = "mmagan-test")
    {
        var path = Path.Combine(TempRoot, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Temporary.Enqueue(path);
        return path;
    }

    static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "mmagan-tests");
    static readonly System.Collections.Concurrent.ConcurrentQueue<string> Temporary = DeletedAtExit();

    static System.Collections.Concurrent.ConcurrentQueue<string> DeletedAtExit()
    {
        Directory.CreateDirectory(TempRoot);
        foreach (var stale in Directory.EnumerateDirectories(TempRoot))
            if (Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddHours(-2)) Delete(stale);
        var folders = new System.Collections.Concurrent.ConcurrentQueue<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { foreach (var folder in folders) Delete(folder); };
        return folders;
    }

    static void Delete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fact that needs ../shared: skipped with a clear message when it is absent.</summary>
public sealed class SharedFactAttribute : Xunit.FactAttribute
{
    public SharedFactAttribute() { if (SharedFixtures.Root == null) Skip = SharedFixtures.AbsentMessage; }
}

/// <summary>A theory that needs ../shared: skipped with a clear message when it is absent.</summary>
public sealed class SharedTheoryAttribute : Xunit.TheoryAttribute
{
    public SharedTheoryAttribute() { if (SharedFixtures.Root == null) Skip = SharedFixtures.AbsentMessage; }
}

/// <summary>A theory over full-size random-weight twins of the official networks (hundreds of MB built in memory): skipped
/// unless <c>MMAGAN_FULL_TWINS=1</c>.</summary>
public sealed class FullTwinTheoryAttribute : Xunit.TheoryAttribute
{
    public FullTwinTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("MMAGAN_FULL_TWINS") != "1") Skip = "full-size twins: set MMAGAN_FULL_TWINS=1";
    }
}

using MmaGan.Bench.Cli;
using MmaGan.Bench.Sweep;
using MmaGan.Shared.IO;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Cli;

/// <summary>Unusable --out, unknown flags, a sweep folder in use, and children that die with mmagan-bench.</summary>
public class BenchGuardsTests
{
    static (int Code, string Err) Invoke(params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SlurmCommand.Create());
        var old = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try { return (MmaGan.Shared.Cli.CommandLine.Run(root, args), err.ToString()); }
        finally { Console.SetError(old); }
    }

    static string ToyConfig => Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", "toy-smoke.json");

    /// <summary>The README's command table lists every command of mmagan-bench with the description its --help shows, and nothing else.</summary>
    [Fact]
    public void TheReadmeCommandTableAgreesWithHelp() => MmaGan.TestSupport.ReadmeCommands.AssertAgree("mmagan-bench", global::MmaGan.Bench.Program.BuildRoot());

    [Fact]
    public void UnusableOutIsOneLineExit2()
    {
        var dir = SharedFixtures.TempDir();
        var file = Path.Combine(dir, "f");
        File.WriteAllText(file, "x");
        foreach (var (args, expected) in new[]
                 {
                     (new[] { "merge", dir, "--out", "/dev/null" }, "--out /dev/null: "),
                     (["merge", dir, "--out", file], $"--out {file}: exists and is a file"),
                     (["run", ToyConfig, "--out", "/proc/x"], "--out /proc/x: is under /proc"),
                     (["run", ToyConfig, "--out", dir, "--methods", "dcgan,gan", "--dry-run"], "--methods: 'gan' is not a method of toy-smoke"),
                     (["report", "/proc/self"], "report /proc/self: is under /proc"),
                     (["run", ToyConfig, "--out", dir, "--dryrun"], "unknown option '--dryrun' (did you mean --dry-run?)"),
                     (["slurm", ToyConfig, "--array-size", "2", "--out", file], $"--out {file}: exists and is a file"),
                 })
        {
            var (code, err) = Invoke(args);
            Assert.True(code == 2, $"{string.Join(" ", args)} → {code}: {err}");
            var line = Assert.Single(err.Trim().Split('\n'));
            Assert.StartsWith("error: ", line);
            Assert.Contains(expected, line);
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void SecondSweepOnAFolderInUseIsRefused()
    {
        var dir = SharedFixtures.TempDir();
        using (FolderLock.Acquire(dir, "sweep folder"))   // stands for a live mmagan-bench run on this folder
        {
            var (code, err) = Invoke("run", ToyConfig, "--out", dir);
            Assert.Equal(2, code);
            Assert.StartsWith($"error: {dir}: this sweep folder is in use by another process", Assert.Single(err.Trim().Split('\n')));
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ChildrenAreLinkedToThisProcess()
    {
        var dir = SharedFixtures.TempDir();
        var outcome = ChildProcess.Run("/bin/sh", ["-c", "echo $MMAGAN_PARENT_PID"], Path.Combine(dir, "log.txt"), CancellationToken.None);
        Assert.Equal(Environment.ProcessId.ToString(), outcome.LastLine);
        Directory.Delete(dir, true);
    }
}

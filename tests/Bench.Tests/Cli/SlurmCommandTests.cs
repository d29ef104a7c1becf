using System.Text.Json;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Bench.Tests.Cli;

public class SlurmCommandTests
{
    static string ToySmoke => Path.Combine(SharedFixtures.RepoRoot, "train", "experiments", "toy-smoke.json"); // 16 runs

    static CliProcess.Result Slurm(string? path, params string[] args) =>
        BenchCli.RunWith(path is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["PATH"] = path },
            ["slurm", ToySmoke, .. args]);

    static void OneLineExit2(CliProcess.Result r, string expected)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Equal("error: " + expected, line);
    }

    [Fact]
    public void ArraySizeZero_IsOneLineExit2_WithoutScripts()
    {
        var dir = SharedFixtures.TempDir();
        OneLineExit2(Slurm(null, "--out", dir, "--array-size", "0"), "--array-size must be at least 1, got 0");
        Assert.False(Directory.Exists(Path.Combine(dir, "slurm")));
    }

    [Fact]
    public void MoreTasksThanRuns_WarnsAndShrinks()
    {
        var dir = SharedFixtures.TempDir();
        var r = Slurm(null, "--out", dir, "--array-size", "40", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal($"warning: --array-size 40 exceeds the 16 runs of {ToySmoke}: using 16 tasks", r.Stderr.Trim());
        Assert.Equal(16, JsonDocument.Parse(r.LastLine).RootElement.GetProperty("array_size").GetInt32());
        var sweep = File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-15\n", sweep);
        Assert.Contains("--shard \"$i/16\"", sweep);
        Assert.Contains($"'{Path.Combine(dir, "shards", "15")}'", File.ReadAllText(Path.Combine(dir, "slurm", "merge.sbatch")));
    }

    [Fact]
    public void SubmitWithoutSbatchOnPath_IsOneLineExit2_WithoutScripts()
    {
        var dir = SharedFixtures.TempDir();
        var empty = Directory.CreateDirectory(Path.Combine(dir, "no-sbatch")).FullName;
        OneLineExit2(Slurm(empty, "--out", Path.Combine(dir, "out"), "--array-size", "4", "--submit"),
            "--submit: no sbatch on PATH (run on a Slurm login node, or drop --submit and submit DIR/slurm/*.sbatch by hand)");
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Submit_SubmitsTheArrayThenTheMergeAfterIt()
    {
        if (OperatingSystem.IsWindows()) return; // a shell-script sbatch
        var dir = SharedFixtures.TempDir();
        var fake = Directory.CreateDirectory(Path.Combine(dir, "fake")).FullName;
        var calls = Path.Combine(dir, "calls.txt");
        // A stand-in sbatch: logs its arguments, answers like `sbatch --parsable` with job ids 100, 101, …
        File.WriteAllText(Path.Combine(fake, "sbatch"),
            $"#!/bin/sh\necho \"$*\" >> '{calls}'\necho $((99 + $(wc -l < '{calls}')))\n");
        File.SetUnixFileMode(Path.Combine(fake, "sbatch"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var outDir = Path.Combine(dir, "out");
        var r = Slurm(fake + ":" + Environment.GetEnvironmentVariable("PATH"), "--out", outDir, "--array-size", "4", "--submit", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = JsonDocument.Parse(r.LastLine).RootElement;
        Assert.Equal("100", j.GetProperty("array_job").GetString());
        Assert.Equal("101", j.GetProperty("merge_job").GetString());
        Assert.Contains("submitted array job 100 (4 tasks) and merge job 101", r.Stdout);
        Assert.Equal([$"--parsable {outDir}/slurm/sweep.sbatch", $"--parsable --dependency=afterok:100 {outDir}/slurm/merge.sbatch"],
            File.ReadAllLines(calls));
    }

    [Fact]
    public void Methods_ShardOnlyThoseRuns_AndTheMergeKeepsAnEarlierSubmissionsShards()
    {
        var dir = SharedFixtures.TempDir();
        for (var i = 0; i < 6; i++) Directory.CreateDirectory(Path.Combine(dir, "shards", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var r = Slurm(null, "--out", dir, "--array-size", "8", "--methods", "wgan-gp", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal($"warning: --array-size 8 exceeds the 4 runs of {ToySmoke}: using 4 tasks", r.Stderr.Trim());
        Assert.Equal(4, JsonDocument.Parse(r.LastLine).RootElement.GetProperty("runs").GetInt32());
        Assert.EndsWith("--shard \"$i/4\" --jobs 1 --methods 'wgan-gp'\n", File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch")));
        var merge = File.ReadAllText(Path.Combine(dir, "slurm", "merge.sbatch"));
        Assert.Contains($"'{Path.Combine(dir, "shards", "5")}' --out", merge);
        Assert.DoesNotContain(Path.Combine(dir, "shards", "6"), merge);
    }

    [Fact]
    public void UnknownMethod_IsOneLineExit2_WithoutScripts()
    {
        var dir = SharedFixtures.TempDir();
        OneLineExit2(Slurm(null, "--out", dir, "--array-size", "2", "--methods", "gan"), "--methods: 'gan' is not a method of toy-smoke (dcgan, wgan-gp, mma)");
        Assert.False(Directory.Exists(Path.Combine(dir, "slurm")));
    }

    [Fact]
    public void BadTime_IsOneLineExit2() =>
        OneLineExit2(Slurm(null, "--out", SharedFixtures.TempDir(), "--array-size", "2", "--time", "90min"),
            "--time '90min': expected HH:MM:SS or D-HH:MM:SS (e.g. 12:00:00)");
}

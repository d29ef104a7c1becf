using MmaGan.Bench.Cluster;
using Xunit;

namespace MmaGan.Bench.Tests.Cluster;

public class SbatchScriptsTests
{
    static readonly SlurmJobSettings Cpu = new() { ArraySize = 4 };
    static readonly SlurmJobSettings Gpu = new()
    {
        ArraySize = 30, Partition = "gpu", Account = "lab-42", Time = "12:00:00", CpusPerTask = 8, GpusPerTask = 1, Mem = "32G",
    };

    [Fact]
    public void Sweep_IsAJobArrayWhoseTaskIRunsShardIOfN()
    {
        var text = SbatchScripts.Sweep("/repo/bin/mmagan-bench", "/repo/train/experiments/toy-smoke.json", "/res/toy", "toy-smoke", Cpu);
        Assert.Equal(
            """
            #!/bin/bash
            # Written by `mmagan-bench slurm` — toy-smoke: task i of 4 runs shard i/4 of the sweep into /res/toy/shards/i. Resubmit after failures:
            # finished runs are skipped.
            #SBATCH --job-name=mmagan-toy-smoke
            #SBATCH --output="/res/toy/slurm/logs/sweep-%A_%a.out"
            #SBATCH --array=0-3
            #SBATCH --ntasks=1
            set -euo pipefail
            i=$SLURM_ARRAY_TASK_ID
            exec '/repo/bin/mmagan-bench' run '/repo/train/experiments/toy-smoke.json' --out '/res/toy/shards'/"$i" --shard "$i/4" --jobs 1

            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Sweep_CarriesEveryResourceFlag_AndOneRunPerGpu()
    {
        var text = SbatchScripts.Sweep("/b", "/c.json", "/o", "cifar10-paper", Gpu);
        foreach (var line in new[] { "#SBATCH --array=0-29", "#SBATCH --partition=gpu", "#SBATCH --account=lab-42", "#SBATCH --time=12:00:00",
                     "#SBATCH --cpus-per-task=8", "#SBATCH --gpus-per-task=1", "#SBATCH --mem=32G" })
            Assert.Contains(line + "\n", text.ReplaceLineEndings("\n"));
        Assert.EndsWith("--shard \"$i/30\" --jobs 1\n", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Merge_JoinsEveryShardIntoTheResultsFolder()
    {
        var text = SbatchScripts.Merge("/repo/bin/mmagan-bench", "/res/toy", "toy-smoke", Cpu with { Partition = "short", Time = "2:00:00", GpusPerTask = 1 });
        Assert.Contains("#SBATCH --partition=short\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("#SBATCH --time=2:00:00\n", text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("--array", text);
        Assert.DoesNotContain("--gpus", text);
        Assert.EndsWith("exec '/repo/bin/mmagan-bench' merge '/res/toy/shards/0' '/res/toy/shards/1' '/res/toy/shards/2' '/res/toy/shards/3' --out '/res/toy'\n",
            text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Sweep_WithMethods_ShardsOnlyThoseMethods()
    {
        var text = SbatchScripts.Sweep("/b", "/c.json", "/o", "toy-pacgan-protocol", Cpu, ["dcgan", "pacgan2", "mma"]);
        Assert.EndsWith("--shard \"$i/4\" --jobs 1 --methods 'dcgan,pacgan2,mma'\n", text.ReplaceLineEndings("\n"));
        var quarter = SbatchScripts.Sweep("/b", "/c.json", "/o", "stacked-mnist-pacgan", Cpu, ["dcgan"], "0.25");
        Assert.EndsWith("--jobs 1 --methods 'dcgan' --d-sizes '0.25'\n", quarter.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Merge_AlsoJoinsTheShardsOfAnEarlierLargerArray()
    {
        var text = SbatchScripts.Merge("/b", "/o", "toy", Cpu with { ArraySize = 2 }, shards: 3);
        Assert.EndsWith("merge '/o/shards/0' '/o/shards/1' '/o/shards/2' --out '/o'\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("joins the 3 shards", text);
        Assert.EndsWith("'/o/shards/3' --out '/o'\n", SbatchScripts.Merge("/b", "/o", "toy", Cpu, shards: 2).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Paths_AreQuotedForBash() => Assert.Equal("'/it'\\''s here'", SbatchScripts.Q("/it's here"));
}

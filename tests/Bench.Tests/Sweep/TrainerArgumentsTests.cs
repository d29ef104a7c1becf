using MmaGan.Bench.Sweep;
using Xunit;

namespace MmaGan.Bench.Tests.Sweep;

public class TrainerArgumentsTests
{
    [Fact]
    public void MmaRun_GetsItsHyperParametersBudgetAndDevice()
    {
        var config = new ExperimentConfig { Train = new TrainSpec { Epochs = 100, Threads = 0, Device = "cuda", ImageSize = 32, ExtraArgs = ["--critic-steps", "3"] } };
        var args = TrainerArguments.For(config, new RunSpec("cifar10:data/c", "mma", 16, 0.1, 0.7, 3), "/out/run", "/repo");
        var text = string.Join(' ', args);
        Assert.Contains("--method mma --data cifar10:/repo/data/c --out /out/run --seed 3 --threads 0", text);
        Assert.Contains("--device cuda", text);
        Assert.Contains("--epochs 100", text);
        Assert.Contains("--k 16 --lambda 0.1 --tau 0.7 --div-batch 64", text);
        Assert.Contains("--image-size 32", text);
        Assert.EndsWith("--critic-steps 3", text);
    }

    [Fact]
    public void ToyBaseline_KeepsTheBuiltInDataName()
    {
        var config = new ExperimentConfig { Train = new TrainSpec { Steps = 2000 } };
        var args = TrainerArguments.For(config, new RunSpec("grid25", "dcgan", null, null, null, 1), "/out/run", "/repo");
        Assert.Equal("grid25", args[args.IndexOf("--data") + 1]);
        Assert.Equal("2000", args[args.IndexOf("--steps") + 1]);
        Assert.DoesNotContain("--k", args);
    }

    /// <summary>keep_checkpoints reaches the trainer (0 = all, for a learning curve); without it a run keeps the newest and one more.</summary>
    [Fact]
    public void KeepCheckpoints_ReachesTheTrainer_AndANegativeCountIsRefused()
    {
        string Keep(TrainSpec t) { var a = TrainerArguments.For(new ExperimentConfig { Train = t }, new RunSpec("grid25", "dcgan", null, null, null, 1), "/o", "/r"); return a[a.IndexOf("--keep-checkpoints") + 1]; }
        Assert.Equal("1", Keep(new TrainSpec { Steps = 10 }));
        Assert.Equal("0", Keep(new TrainSpec { Steps = 10, KeepCheckpoints = 0 }));
        var config = ExperimentConfig.Parse("""
            { "name": "t", "datasets": ["grid25"], "methods": ["dcgan"], "seeds": [1],
              "train": { "steps": 100, "keep_checkpoints": -1 }, "eval": { "metrics": ["toy"] } }
            """, "bad.json");
        Assert.EndsWith("train.keep_checkpoints: must be at least 0 (0 = all)", Assert.Throws<MmaGan.Shared.IO.InputException>(() => config.Validate("bad.json", Path.GetTempPath())).Message);
        // Scoring every checkpoint needs them all kept.
        config = ExperimentConfig.Parse("""
            { "name": "t", "datasets": ["grid25"], "methods": ["dcgan"], "seeds": [1],
              "train": { "steps": 100, "checkpoint_every": 50 }, "eval": { "metrics": ["toy"], "every_checkpoint": true } }
            """, "bad.json");
        Assert.Contains("eval.every_checkpoint: scores the kept checkpoints", Assert.Throws<MmaGan.Shared.IO.InputException>(() => config.Validate("bad.json", Path.GetTempPath())).Message);
    }
}

using System.Text.Json;
using MmaGan.TestSupport;
using Xunit;

namespace MmaGan.Eval.Tests.Cli;

/// <summary>Named references work in every command that takes a source (stats too), and users register their own with
/// <c>stats SOURCE --name NAME</c> (as clean-fid's make_custom_stats), usable as NAME afterwards.</summary>
public class NamedReferencesTests
{
    [SharedFact]
    public void StatsTakesANamedReference_AndStatsNameRegistersOne()
    {
        var dir = SharedFixtures.TempDir();
        var env = new Dictionary<string, string?> { [MmaGan.Eval.Sources.CustomReferences.FolderVariable] = Path.Combine(dir, "refs"), ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache") };
        var model = TestModels.TinyInception(dir);
        var named = EvalCli.RunWith(env, "stats", "cifar10-train", "--n", "12", "--inception", model, "--out", Path.Combine(dir, "t.npz"), "--json");
        Assert.True(named.ExitCode == 0, named.Stderr);

        var bad = EvalCli.RunWith(env, "stats", SharedFixtures.Reference("images"), "--inception", model, "--out", Path.Combine(dir, "s.npz"), "--name", "cifar10-test");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--name 'cifar10-test' is a built-in named reference", bad.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "s.npz")));

        var made = EvalCli.RunWith(env, "stats", SharedFixtures.Reference("images"), "--inception", model, "--out", Path.Combine(dir, "s.npz"),
            "--features-out", Path.Combine(dir, "f.npy"), "--name", "my-ref");
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.Contains("named reference my-ref: ", made.Stdout);

        var kid = EvalCli.RunWith(env, "kid", TestModels.TinyGenerator(dir), "my-ref", "--n", "16", "--inception", model, "--json");
        Assert.True(kid.ExitCode == 0, kid.Stderr);
        using var j = JsonDocument.Parse(kid.LastLine);
        Assert.Equal(16, j.RootElement.GetProperty("n_ref").GetInt32());
        Assert.EndsWith("my-ref.npy", j.RootElement.GetProperty("reference").GetString());

        var typo = EvalCli.RunWith(env, "fid", TestModels.TinyGenerator(dir), "my_ref", "--n", "4", "--inception", model);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("cifar10-train, cifar10-test, mnist, my-ref;", typo.Stderr);
        Assert.Contains("(did you mean my-ref?)", typo.Stderr);
        Directory.Delete(dir, true);
    }
}

using System.CommandLine;
using MmaGan.Shared.Cli;
using Xunit;

namespace MmaGan.Shared.Tests.Cli;

/// <summary>The one grammar of the three programs: every parse error is one line naming the command, with the nearest valid names.</summary>
public class CommandLineTests
{
    static RootCommand Root()
    {
        var root = new RootCommand("test") { };
        var fid = new Command("fid", "f") { new Argument<string>("A"), new Argument<string>("B") };
        fid.Options.Add(new Option<int>("--dims"));
        fid.Options.Add(new Option<int>("--batch", "--batch-size"));
        var data = new Option<string>("--data");
        data.AcceptOnlyFromAmong("ring8", "grid25");
        fid.Options.Add(data);
        fid.Options.Add(new Option<string>("--out") { Required = true });
        root.Subcommands.Add(fid);
        root.Subcommands.Add(new Command("kid", "k"));
        return root;
    }

    static string Describe(params string[] args)
    {
        var root = Root();
        var parsed = root.Parse(args);
        Assert.NotEmpty(parsed.Errors);
        var line = CommandLine.Describe(parsed);
        Assert.StartsWith(root.Name, line);
        return "prog" + line[root.Name.Length..];   // the root is named after the test host
    }

    [Fact]
    public void UnknownFlagsNameTheNearestValidOnes_AndNotTheirValue() =>
        Assert.Equal("prog fid: unknown option '--dim' (did you mean --dims?)", Describe("fid", "a", "b", "--out", "o", "--dim", "64"));

    [Fact]
    public void AliasesAreValidNamesToo() =>
        Assert.Equal("prog fid: unknown option '--batch-sise' (did you mean --batch-size?)", Describe("fid", "a", "b", "--out", "o", "--batch-sise", "4"));

    [Fact]
    public void NothingNearSaysWhereToLook() =>
        Assert.Equal("prog fid: unknown option '--frobnicate' (see --help)", Describe("fid", "a", "b", "--out", "o", "--frobnicate"));

    [Fact]
    public void UnknownCommandsAreSuggestedToo() => Assert.Equal("prog: unexpected argument 'fidd' (did you mean fid or kid?)", Describe("fidd"));

    [Fact]
    public void MissingPartsAndWrongValuesReadPlainly()
    {
        Assert.Equal("prog fid: --out is required; missing argument B", Describe("fid", "a"));
        Assert.Equal("prog fid: --dims 'x': expected a whole number", Describe("fid", "a", "b", "--out", "o", "--dims", "x"));
        Assert.Equal("prog fid: --data 'ring9': expected ring8 or grid25 (did you mean ring8?)", Describe("fid", "a", "b", "--out", "o", "--data", "ring9"));
        Assert.Equal("prog: a command is needed: fid, kid (see --help)", Describe());
    }

    [Theory]
    [InlineData("--dims", "--dims", 0)]
    [InlineData("--dimz", "--dims", 1)]
    [InlineData("--disn", "--dims", 2)]
    [InlineData("--mdis", "--dims", 2)]
    public void DistanceCountsEditsAndSwaps(string a, string b, int expected) => Assert.Equal(expected, NearestNames.Distance(a, b));
}

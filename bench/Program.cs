using System.CommandLine;
using MmaGan.Bench.Cli;

namespace MmaGan.Bench;

public static class Program
{
    public static int Main(string[] args) => Shared.Cli.CommandLine.Run(BuildRoot(), args);

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("MmaGan experiment runner: sweeps of mmagan-train + mmagan-eval with bootstrap CIs and Mann–Whitney tests");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SlurmCommand.Create());
        return root;
    }
}

using System.CommandLine;
using MmaGan.Bench.Cli;

var root = new RootCommand("MmaGan experiment runner: sweeps of mmagan-train + mmagan-eval with bootstrap CIs and Mann–Whitney tests");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(MergeCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(SlurmCommand.Create());
return MmaGan.Shared.Cli.CommandLine.Run(root, args);

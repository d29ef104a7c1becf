using MmaGan.Train.Cli;

var root = TrainCommand.Create(exportHook: null);
root.Subcommands.Add(ToyReportCommand.Create());
return root.Parse(args).Invoke();

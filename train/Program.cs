using MmaGan.Train.Cli;

var root = TrainCommand.Create(exportHook: (state, path) => MmaGan.Train.Export.TrainingStateExport.Export(state, path));
root.Subcommands.Add(ToyReportCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return root.Parse(args).Invoke();

using MmaGan.Train.Cli;
using MmaGan.Train.Runtime;

OpenMpWaitPolicy.PreferPassive(); // before libtorch loads

var root = TrainCommand.Create(exportHook: (state, path) => MmaGan.Train.Export.TrainingStateExport.Export(state, path));
root.Subcommands.Add(ToyReportCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(PlotCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(BenchKernelsCommand.Create());
var parsed = root.Parse(args);
return MmaGan.Shared.Cli.ParseErrorText.Report([.. parsed.Errors.Select(e => e.Message)]) ?? parsed.Invoke();

using MmaGan.Train.Cli;
using MmaGan.Train.Runtime;

OpenMpWaitPolicy.PreferPassive(); // before libtorch loads

return MmaGan.Shared.Cli.CommandLine.Run(BuildRoot(), args);

static System.CommandLine.RootCommand BuildRoot()
{
    var root = TrainCommand.Create(exportHook: (state, path) => MmaGan.Train.Export.TrainingStateExport.Export(state, path));
    root.Subcommands.Add(ToyReportCommand.Create());
    root.Subcommands.Add(ExportCommand.Create());
    root.Subcommands.Add(PlotCommand.Create());
    root.Subcommands.Add(BenchCommand.Create());
    root.Subcommands.Add(DoctorCommand.Create());
    root.Subcommands.Add(BenchKernelsCommand.Create("bench-kernels"));   // the earlier name of `bench kernels`
    // A training command line's settings, checked without training (the sweep runner's preflight).
    root.Subcommands.Add(MmaGan.Shared.Cli.ArgumentCheck.Create(BuildRoot, p => TrainCommand.ConfigOf(p)));
    return root;
}

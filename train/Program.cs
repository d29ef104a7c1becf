using System.CommandLine;
using MmaGan.Train.Cli;
using MmaGan.Train.Runtime;

namespace MmaGan.Train;

public static class Program
{
    public static int Main(string[] args)
    {
        OpenMpWaitPolicy.PreferPassive(); // before libtorch loads
        return Shared.Cli.CommandLine.Run(BuildRoot(), args);
    }

    public static RootCommand BuildRoot()
    {
        var root = TrainCommand.Create(exportHook: (state, path) => Export.TrainingStateExport.Export(state, path));
        root.Subcommands.Add(ToyReportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(BenchKernelsCommand.Create("bench-kernels"));   // the earlier name of `bench kernels`
        root.Subcommands.Add(ClassifierCommand.Create());
        // A training command line's settings, checked without training (the sweep runner's preflight).
        root.Subcommands.Add(Shared.Cli.ArgumentCheck.Create(BuildRoot, p => TrainCommand.ConfigOf(p)));
        return root;
    }
}

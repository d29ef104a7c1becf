using System.CommandLine;
using MmaGan.Eval.Cli;

namespace MmaGan.Eval;

public static class Program
{
    public static int Main(string[] args)
    {
        return Shared.Cli.CommandLine.Run(BuildRoot(), args);
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("mmagan-eval: FID, Inception Score, KID, PRDC, FD∞, Vendi, LPIPS diversity and toy metrics of ONNX generators and datasets (ONNX Runtime)");
        root.Subcommands.Add(FidCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(IsCommand.Create());
        root.Subcommands.Add(LpipsCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ToyCommand.Create());
        root.Subcommands.Add(ModesCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(KidCommand.Create());
        root.Subcommands.Add(PrdcCommand.Create());
        root.Subcommands.Add(FdInfCommand.Create());
        root.Subcommands.Add(VendiCommand.Create());
        root.Subcommands.Add(CacheCommand.Create());
        // What a scoring command line asks for, checked without evaluating (a generator not trained yet passes; models and settings must).
        root.Subcommands.Add(Shared.Cli.ArgumentCheck.Create(BuildRoot, p =>
        {
            if (ScoringCommands.RequestOf(p) is { } request) Evaluation.Evaluator.Validate(request, generatedMayBeMissing: true, openSources: false);
        }));
        root.Subcommands.Add(DoctorCommand.Create());
        return root;
    }
}

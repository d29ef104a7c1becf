using System.CommandLine;
using MmaGan.Eval.Cli;

var root = new RootCommand("MmaGan evaluator: ONNX Runtime sampling and metrics for GAN generators");
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
return root.Parse(args).Invoke();

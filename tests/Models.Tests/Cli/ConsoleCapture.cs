using System.CommandLine;
using MmaGan.Eval.Cli;
using Xunit;

namespace MmaGan.Models.Tests.Cli;

/// <summary>Tests that redirect the process-wide Console run one at a time.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

internal static class ModelsCli
{
    /// <summary>Runs `models ARGS` in process; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ModelsCommand.Create());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return (root.Parse(["models", .. args]).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }
}

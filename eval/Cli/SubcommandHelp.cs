using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MmaGan.Eval.Cli;

/// <summary>
/// Help for a subcommand whose parent takes a positional argument it does not need (<c>stats merge</c>): System.CommandLine
/// writes the parent's argument into the usage line and the argument list (<c>stats &lt;SOURCE&gt; merge</c>); this help
/// leaves it out, so <c>stats merge --help</c> shows <c>stats merge &lt;SHARDS&gt;…</c> as it is typed.
/// </summary>
internal static class SubcommandHelp
{
    public static void OmitParentArgument(Command command, Argument parentArgument)
    {
        var help = new HelpOption();
        help.Action = new Omitting(parentArgument.Name);
        command.Options.Add(help);
    }

    sealed class Omitting(string argument) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var text = new StringWriter();
            parseResult.InvocationConfiguration.Output = text;
            try { new HelpAction().Invoke(parseResult); }
            finally { parseResult.InvocationConfiguration.Output = output; }
            var lines = text.ToString().Split('\n')
                .Where(l => !l.TrimStart().StartsWith($"<{argument}>", StringComparison.Ordinal))
                .Select(l => l.Replace($" <{argument}> ", " ", StringComparison.Ordinal));
            output.Write(string.Join('\n', lines));
            return 0;
        }
    }
}

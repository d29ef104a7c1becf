using System.CommandLine;
using System.Runtime.CompilerServices;
using MmaGan.Eval.Evaluation;
using MmaGan.Shared.Cli;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The scoring commands (fid, is, kid, prdc, fd-inf, lpips, toy, run) as thin adapters: parse their flags into an
/// <see cref="EvaluationRequest"/>, <see cref="Evaluator.Evaluate"/> it, print. The parse step is kept apart, so that
/// tests and <c>mmagan-eval check-args</c> (which the sweep runner uses before its first run) read the request a
/// command line asks for without evaluating anything.
/// </summary>
internal static class ScoringCommands
{
    static readonly ConditionalWeakTable<Command, Func<ParseResult, EvaluationRequest>> Requests = new();

    /// <param name="request">Parses the flags into the request (one-line <see cref="Shared.IO.InputException"/> on bad input).</param>
    /// <param name="print">Prints the results (prose on stdout, the <c>--json</c> line last) and returns the exit code.</param>
    /// <param name="before">Checks the command's own outputs (e.g. <c>--out</c>) before anything is evaluated.</param>
    public static void SetAction(this Command command, Func<ParseResult, EvaluationRequest> request,
        Func<ParseResult, EvaluationRequest, MetricResults, int> print, Action<ParseResult>? before = null)
    {
        Requests.AddOrUpdate(command, request);
        command.SetAction(p => CliRunner.Run(ct =>
        {
            var r = request(p);
            before?.Invoke(p);
            return print(p, r, Evaluator.Evaluate(r, ProgressReporter.ForConsole(), ct));
        }));
    }

    /// <summary>The request the parsed command line asks for, or null when its command scores nothing (stats, generate, …).</summary>
    public static EvaluationRequest? RequestOf(ParseResult parsed) =>
        Requests.TryGetValue(parsed.CommandResult.Command, out var build) ? build(parsed) : null;
}

using System.CommandLine;
using MmaGan.Eval.Evaluation;

namespace MmaGan.Eval.Cli;

/// <summary>
/// The commands that score generated A against reference B in that order (<c>fid</c>, <c>kid</c>, <c>fd-inf</c>): the two
/// arguments, the metric's own options and the source options, <c>--json</c>, and the request they make. Each command gives
/// its name, its descriptions and how it prints. (<c>prdc</c> keeps clovaai's REAL FAKE order and builds its own.)
/// </summary>
internal static class TwoSourceCommand
{
    /// <summary>The generated side's description where every kind of source is taken (kid, fd-inf).</summary>
    public const string AnyGeneratedSide = "generated side: generator .onnx, image folder, CIFAR-10 .bin, MNIST IDX, named reference or features .npy";

    /// <param name="print">Prints the results (prose, then the JSON line when <c>--json</c> is given) and returns the exit code.</param>
    public static Command Create(string metric, string description, string aDescription, string bDescription, SampleMetricOptions options,
        Func<MetricResults, bool, int> print)
    {
        var a = new Argument<string>("A") { Description = aDescription };
        var b = new Argument<string>("B") { Description = bDescription };
        var metricOptions = new MetricOptions([metric], own: true);
        var json = EvalOptions.Json();
        var command = new Command(metric, description);
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        command.AddOptions([.. metricOptions.All, .. options.All, json]);
        command.SetAction(p => options.Request(p, [metric], p.GetValue(a)!, p.GetValue(b)!, metricOptions), (p, _, results) => print(results, p.GetValue(json)));
        return command;
    }
}

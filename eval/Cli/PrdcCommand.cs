using System.CommandLine;
using System.Globalization;
using MmaGan.Eval.Evaluation;
using MmaGan.Eval.Evaluation.Metrics;
using MmaGan.Shared.Cli;
using MmaGan.Shared.IO;

namespace MmaGan.Eval.Cli;

/// <summary>
/// <c>mmagan-eval prdc REAL FAKE [--prdc-k 5] --json</c> (or <c>--real REAL --fake FAKE</c>): precision, recall, density and
/// coverage (clovaai prdc). The positional order is clovaai's <c>compute_prdc(real_features, fake_features)</c>: REAL is
/// the reference, FAKE the generated side — swapping them would swap precision and recall.
/// </summary>
public static class PrdcCommand
{
    public static Command Create()
    {
        var real = new Argument<string?>("REAL") { Description = "reference side (clovaai's real_features): named reference (cifar10-train, …), image folder, CIFAR-10 .bin, MNIST IDX, features .npy or generator .onnx", Arity = ArgumentArity.ZeroOrOne };
        var fake = new Argument<string?>("FAKE") { Description = "generated side (clovaai's fake_features): the same kinds as REAL", Arity = ArgumentArity.ZeroOrOne };
        var realOption = new Option<string?>("--real") { Description = "the reference side, instead of the first argument" };
        var fakeOption = new Option<string?>("--fake") { Description = "the generated side, instead of the second argument" };
        var options = new SampleMetricOptions();
        var metricOptions = new MetricOptions(["prdc"], own: true);
        var json = EvalOptions.Json();
        var command = new Command("prdc", "precision, recall, density and coverage of generated FAKE against reference REAL (Naeem et al. 2020, clovaai prdc)");
        command.Arguments.Add(real);
        command.Arguments.Add(fake);
        command.AddOptions([realOption, fakeOption, .. metricOptions.All, .. options.All, json]);
        command.SetAction(p =>
        {
            var (pathR, pathF) = Sides(p.GetValue(real), p.GetValue(fake), p.GetValue(realOption), p.GetValue(fakeOption));
            return options.Request(p, ["prdc"], pathF, pathR, metricOptions);
        }, (p, _, results) =>
        {
            var d = results.Detail<PrdcDetail>("prdc");
            var r = d.Result;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"precision {r.Precision:R}  recall {r.Recall:R}  density {r.Density:R}  coverage {r.Coverage:R}  (k={results["prdc"]["prdc_k"]}, {d.RealRows} real, {d.FakeRows} fake){FeatureLabels.Space(results)}"));
            if (p.GetValue(json)) ResultJson.Print(results);
            return CliRunner.Ok;
        });
        return command;
    }

    /// <summary>(REAL, FAKE) from the two arguments or from <c>--real</c>/<c>--fake</c>; one line when a side is missing or given twice.</summary>
    static (string Real, string Fake) Sides(string? realArg, string? fakeArg, string? realOption, string? fakeOption)
    {
        var positional = new[] { realArg, fakeArg }.Where(a => a is not null).ToList();
        if (realOption is null && fakeOption is null)
            return positional.Count == 2 ? (realArg!, fakeArg!) : throw new InputException("prdc needs REAL and FAKE (or --real REAL --fake FAKE)");
        if (realOption is null || fakeOption is null) throw new InputException("give both --real and --fake");
        if (positional.Count > 0) throw new InputException("give the sides either as REAL FAKE or as --real/--fake, not both");
        return (realOption, fakeOption);
    }
}

using System.CommandLine;
using System.Globalization;
using MmaGan.Shared.IO;
using MmaGan.Train.Classifier;

namespace MmaGan.Train.Cli;

/// <summary>
/// <c>mmagan-train classifier --data mnist:PATH --out models/mnist-classifier.onnx</c>: trains the MNIST digit classifier that
/// counts Stacked MNIST's modes (<see cref="DigitClassifierNet"/>) on a seeded split of the digits, reports its accuracy on the
/// held-out ones, and exports it to ONNX with that accuracy and the data's digest in the metadata (<see cref="DigitClassifierExport"/>).
/// </summary>
public static class ClassifierCommand
{
    public const string DefaultFile = "mnist-classifier.onnx";

    public static Command Create()
    {
        var d = new DigitClassifierSettings();
        var data = new Option<string>("--data") { Description = "MNIST digits with their labels beside them: mnist:PATH (an IDX images file)", Required = true };
        var output = new Option<string?>("--out") { Description = $"output .onnx (default: the models folder's {DefaultFile})" };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training digits", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "minibatch size", DefaultValueFactory = _ => d.Batch };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => d.LearningRate };
        var seed = new Option<int>("--seed") { Description = "initial weights, minibatch order, dropout and augmentation", DefaultValueFactory = _ => d.Seed };
        var splitSeed = new Option<int>("--split-seed") { Description = "the training / held-out split of the digits", DefaultValueFactory = _ => d.SplitSeed };
        var trainDigits = new Option<int>("--train-digits") { Description = "digits to train on; the rest are held out for the accuracy", DefaultValueFactory = _ => d.TrainDigits };
        var maxShift = new Option<double>("--max-shift") { Description = "augmentation: random shifts of up to this many pixels", DefaultValueFactory = _ => d.MaxShift };
        var maxRotation = new Option<double>("--max-rotation") { Description = "augmentation: random rotations of up to this many degrees", DefaultValueFactory = _ => d.MaxRotation };
        var maxScale = new Option<double>("--max-scale") { Description = "augmentation: random scaling by 1 ± this (0 with the other two: no augmentation)", DefaultValueFactory = _ => d.MaxScale };
        var threads = new Option<int>("--threads") { Description = "intra-op threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print a JSON summary as the last line" };
        var command = new Command("classifier", "train the MNIST digit classifier that counts Stacked MNIST's modes, and export it to ONNX");
        foreach (var o in new Option[] { data, output, epochs, batch, lr, seed, splitSeed, trainDigits, maxShift, maxRotation, maxScale, threads, json }) command.Options.Add(o);
        command.SetAction(p => CliRunner.Run(cancel =>
        {
            var settings = new DigitClassifierSettings(p.GetValue(epochs), p.GetValue(batch), p.GetValue(lr), p.GetValue(seed), p.GetValue(splitSeed),
                p.GetValue(trainDigits), p.GetValue(maxShift), p.GetValue(maxRotation), p.GetValue(maxScale));
            if (settings.Epochs < 1 || settings.Batch < 1 || !(settings.LearningRate > 0))
                throw new InputException("--epochs and --batch must be at least 1, --lr positive");
            if (settings.MaxShift is < 0 or > 8 || settings.MaxRotation is < 0 or > 45 || settings.MaxScale is < 0 or >= 0.5)
                throw new InputException("--max-shift must lie in 0 … 8 px, --max-rotation in 0 … 45°, --max-scale in [0, 0.5)");
            if (p.GetValue(threads) < 0) throw new InputException("--threads must be at least 0 (0 = all cores)");
            var outPath = p.GetValue(output) ?? Shared.Models.ModelsFolder.FileIn(DefaultFile);
            OutputPath.File(outPath, "--out");
            Runtime.DenormalFlush.Enable();
            TorchSharp.torch.set_num_threads(p.GetValue(threads) > 0 ? p.GetValue(threads) : Environment.ProcessorCount);
            var spec = p.GetValue(data)!;
            using var digits = DigitClassifierData.Load(spec, settings.TrainDigits, settings.SplitSeed);
            if (settings.Batch > settings.TrainDigits) throw new InputException($"--batch {settings.Batch} is larger than the {settings.TrainDigits} training digits");
            Console.Error.WriteLine($"classifier: {digits.Description}; {settings.Epochs} epochs of batch {settings.Batch}, Adam {settings.LearningRate.ToString("G", CultureInfo.InvariantCulture)}" +
                                    $"; augmentation: {settings.AugmentationText}");
            var net = DigitClassifierTraining.Train(digits.TrainImages, digits.TrainLabels, settings, (e, n) => Console.Error.WriteLine(
                $"classifier epoch {e.Epoch}/{settings.Epochs}: loss {e.TrainLoss:F4}, held-out accuracy {100 * DigitClassifierTraining.Accuracy(n, digits.HeldOutImages, digits.HeldOutLabels):F2}% " +
                $"({e.Seconds:F0} s, ETA {TimeSpan.FromSeconds(e.Seconds / e.Epoch * (settings.Epochs - e.Epoch)):hh\\:mm\\:ss})"), cancel);
            var accuracy = DigitClassifierTraining.Accuracy(net, digits.HeldOutImages, digits.HeldOutLabels);
            var held = (int)digits.HeldOutImages.shape[0];
            var dataFile = Path.GetFileName(ImageDataSpecPath(spec));
            var diff = DigitClassifierExport.Export(net, new DigitClassifierInfo(settings, accuracy, held, dataFile, digits.Digest),
                digits.HeldOutImages.narrow(0, 0, Math.Min(64, held)), outPath);
            Console.WriteLine($"held-out accuracy {100 * accuracy:F2}% on {held:N0} digits → {outPath} " +
                              $"(parity: max |ONNX − TorchSharp| = {diff.ToString("G3", CultureInfo.InvariantCulture)})");
            if (p.GetValue(json))
                CliRunner.PrintJson(new Dictionary<string, object?>
                {
                    ["out"] = outPath, ["held_out_accuracy"] = accuracy, ["held_out_digits"] = held, ["train_digits"] = settings.TrainDigits,
                    ["data_sha256"] = digits.Digest, ["max_abs_diff"] = diff,
                });
            return CliRunner.Ok;
        }));
        return command;
    }

    static string ImageDataSpecPath(string spec) => Shared.Datasets.ImageDataSpec.TryParse(spec)?.Path ?? spec;
}

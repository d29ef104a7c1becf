using Microsoft.ML.OnnxRuntime;
using MmaGan.TestSupport;
using MmaGan.Train.Classifier;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Classifier;

/// <summary>The digit classifier: Keras mnist_cnn's shapes, the seeded split, a short training that learns, and the ONNX export with
/// both outputs, the metadata and the parity check.</summary>
public class DigitClassifierTests
{
    static string Mnist => "mnist:" + SharedFixtures.Path_("data", "mnist", "t10k-images-idx3-ubyte.gz");

    [Fact]
    public void NetworkIsKerasMnistCnn()
    {
        using var net = new DigitClassifierNet();
        Assert.Equal(1_199_882, net.parameters().Sum(p => p.numel()));   // Keras' model.summary() for mnist_cnn: 1,199,882 parameters
        using var scope = NewDisposeScope();
        net.eval();
        var x = rand(4, 1, 28, 28);
        Assert.Equal([4L, 128], net.Features.call(x).shape);
        Assert.Equal([4L, 10], net.call(x).shape);
    }

    [SharedFact]
    public void SplitIsSeededAndDisjoint()
    {
        using var a = DigitClassifierData.Load(Mnist, 8000, 0);
        using var b = DigitClassifierData.Load(Mnist, 8000, 0);
        using var c = DigitClassifierData.Load(Mnist, 8000, 1);
        Assert.Equal([8000L, 1, 28, 28], a.TrainImages.shape);
        Assert.Equal([2000L], a.HeldOutLabels.shape);
        Assert.True(a.HeldOutImages.eq(b.HeldOutImages).all().item<bool>());
        Assert.False(a.HeldOutImages.eq(c.HeldOutImages).all().item<bool>());
        Assert.Equal(64, a.Digest.Length);
        Assert.InRange(a.TrainImages.max().item<float>(), 0.99f, 1f);
        Assert.Throws<Shared.IO.InputException>(() => DigitClassifierData.Load("cifar10:x", 8000, 0));
    }

    [SharedFact]
    public void ShortTrainingLearnsAndExportsBothOutputs()
    {
        set_num_threads(1);
        using var data = DigitClassifierData.Load(Mnist, 9500, 0);
        var settings = new DigitClassifierSettings(Epochs: 1, Batch: 50, TrainDigits: 1000);
        using var train = data.TrainImages.narrow(0, 0, 1000);
        using var labels = data.TrainLabels.narrow(0, 0, 1000);
        var epochs = new List<ClassifierEpoch>();
        var net = DigitClassifierTraining.Train(train, labels, settings, (e, _) => epochs.Add(e));
        Assert.Equal([1], epochs.Select(e => e.Epoch));
        var accuracy = DigitClassifierTraining.Accuracy(net, data.HeldOutImages, data.HeldOutLabels);
        Assert.InRange(accuracy, 0.5, 1.0); // 20 steps on 1,000 digits, scored on 500 held out: far above chance (0.1)
        var dir = SharedFixtures.TempDir();
        try
        {
            var path = Path.Combine(dir, "clf.onnx");
            var diff = DigitClassifierExport.Export(net, new DigitClassifierInfo(settings, accuracy, 9000, "t10k", data.Digest), data.HeldOutImages.narrow(0, 0, 16), path);
            Assert.InRange(diff, 0, DigitClassifierExport.ParityTolerance);
            using var session = new InferenceSession(path);
            Assert.Equal(["logits", "features"], session.OutputMetadata.Keys);
            Assert.Equal([-1, 1, 28, 28], session.InputMetadata["images"].Dimensions);
            var meta = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal(DigitClassifierExport.ModelKind, meta["model"]);
            Assert.Equal(data.Digest, meta["data_sha256"]);
            Assert.Equal(accuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture), meta["held_out_accuracy"]);
            Assert.Equal(["clf.onnx"], Directory.GetFiles(dir).Select(Path.GetFileName)); // no temporary file left
        }
        finally { Directory.Delete(dir, true); }
    }
}

using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MmaGan.Train.Classifier;

/// <summary>How the digit classifier is trained (every value is recorded in the exported model's metadata).</summary>
/// <param name="MaxShift">Augmentation: each training digit is moved by a random affine map — a shift of up to MaxShift pixels
/// along x and y, a rotation of up to <paramref name="MaxRotation"/> degrees and a scaling by 1 ± <paramref name="MaxScale"/>, each
/// uniform — resampled bilinearly with zero fill; all 0 = none. Keras' example trains without augmentation on 60,000 digits; with
/// 8,000 the augmentation makes up part of the difference.</param>
public sealed record DigitClassifierSettings(int Epochs = 16, int Batch = 64, double LearningRate = 1e-3, int Seed = 42, int SplitSeed = 0,
    int TrainDigits = 8000, double MaxShift = 2, double MaxRotation = 10, double MaxScale = 0.1)
{
    /// <summary>The augmentation in words, for logs and the model's metadata.</summary>
    public string AugmentationText => MaxShift == 0 && MaxRotation == 0 && MaxScale == 0 ? "none"
        : $"random affine: shifts ≤ {MaxShift:0.##} px, rotations ≤ {MaxRotation:0.##}°, scaling 1 ± {MaxScale:0.##} (bilinear, zero fill)";
}

/// <summary>One epoch's figures: the mean training loss, and the seconds since training started.</summary>
public sealed record ClassifierEpoch(int Epoch, double TrainLoss, double Seconds);

/// <summary>
/// Trains <see cref="DigitClassifierNet"/> with Adam (β = (0.9, 0.999)) on cross-entropy, the learning rate decaying along a half
/// cosine from its initial value to 0 over the run (η_t = η₀·(1 + cos(π·t/T))/2, t the batch), minibatches from a permutation per epoch
/// seeded by (seed, epoch), weights initialised from the seed (PyTorch's defaults), dropout as in Keras' example. After every epoch
/// <c>epochDone</c> sees the network (e.g. to score held-out digits). Deterministic for a seed and thread count.
/// </summary>
public static class DigitClassifierTraining
{
    /// <param name="images">Training digits [n, 1, 28, 28] in [0, 1]; <paramref name="labels"/> their classes [n].</param>
    public static DigitClassifierNet Train(Tensor images, Tensor labels, DigitClassifierSettings s, Action<ClassifierEpoch, DigitClassifierNet>? epochDone = null,
        CancellationToken cancel = default)
    {
        torch.manual_seed(s.Seed);
        var net = new DigitClassifierNet();
        var optimizer = optim.Adam(net.parameters(), s.LearningRate);
        var n = images.shape[0];
        var perEpoch = n / s.Batch;
        var total = (double)perEpoch * s.Epochs;
        long t = 0;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= s.Epochs; epoch++)
        {
            net.train();
            using var gen = new Generator(unchecked((ulong)(s.Seed * 7_919L + epoch)));
            using var order = randperm(n, generator: gen);
            double lossSum = 0;
            var batches = 0;
            for (long start = 0; start + s.Batch <= n; start += s.Batch)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var rows = order.narrow(0, start, s.Batch);
                var x = Augment(images.index_select(0, rows), s, gen);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = s.LearningRate * (1 + Math.Cos(Math.PI * t++ / total)) / 2;
                optimizer.zero_grad();
                var loss = F.cross_entropy(net.call(x), labels.index_select(0, rows));
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }
            epochDone?.Invoke(new ClassifierEpoch(epoch, lossSum / Math.Max(1, batches), clock.Elapsed.TotalSeconds), net);
        }
        net.eval();
        return net;
    }

    /// <summary>The fraction of <paramref name="images"/> whose arg-max logit is the label (eval mode, no gradients).</summary>
    public static double Accuracy(DigitClassifierNet net, Tensor images, Tensor labels)
    {
        var wasTraining = net.training;
        net.eval();
        using var _ = no_grad();
        long correct = 0;
        for (long start = 0; start < images.shape[0]; start += 500)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(500, images.shape[0] - start);
            var predicted = net.call(images.narrow(0, start, count)).argmax(1);
            correct += predicted.eq(labels.narrow(0, start, count)).sum().item<long>();
        }
        if (wasTraining) net.train();
        return (double)correct / images.shape[0];
    }

    /// <summary>Each digit moved by its own random affine map (<see cref="DigitClassifierSettings.MaxShift"/>): the output pixel at
    /// normalised position p reads the input at A·p + t, A = s·R(θ), as <c>affine_grid</c> / <c>grid_sample</c> define it.</summary>
    static Tensor Augment(Tensor x, DigitClassifierSettings s, Generator gen)
    {
        if (s.MaxShift == 0 && s.MaxRotation == 0 && s.MaxScale == 0) return x;
        var n = x.shape[0];
        Tensor U(double half) => (rand([n], generator: gen) * 2 - 1) * half;          // uniform in [−half, half]
        var angle = U(s.MaxRotation * Math.PI / 180);
        var scale = 1 + U(s.MaxScale);
        var shift = 2.0 / DigitClassifierNet.Side;                                      // one pixel in normalised coordinates
        var (tx, ty) = (U(s.MaxShift * shift), U(s.MaxShift * shift));
        var (cos, sin) = (angle.cos() * scale, angle.sin() * scale);
        var theta = stack([stack([cos, -sin, tx], 1), stack([sin, cos, ty], 1)], 1); // [n, 2, 3]
        var grid = F.affine_grid(theta, [n, 1, DigitClassifierNet.Side, DigitClassifierNet.Side], align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }
}

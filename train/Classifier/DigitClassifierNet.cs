using TorchSharp;
using static TorchSharp.torch;

namespace MmaGan.Train.Classifier;

/// <summary>
/// The MNIST digit classifier that counts Stacked MNIST's modes: Keras' <c>mnist_cnn</c> example, the network PacGAN's
/// <c>train_mnist.py</c> trains (and VEEGAN's, Unrolled GAN's), on one 28×28 digit in [0, 1]:
/// <code>
/// Conv 32 3×3 → ReLU → Conv 64 3×3 → ReLU → MaxPool 2 → Dropout 0.25 → Flatten (9,216) → Dense 128 → ReLU   = features [N,128]
///   → Dropout 0.5 → Dense 10                                                                              = logits   [N,10]
/// </code>
/// <see cref="Features"/> and <see cref="Head"/> are the two halves, so the export can name both outputs.
/// </summary>
public sealed class DigitClassifierNet : nn.Module<Tensor, Tensor>
{
    public const int Side = 28, FeatureSize = 128, Classes = 10;

    public TorchSharp.Modules.Sequential Features { get; }
    public TorchSharp.Modules.Sequential Head { get; }

    public DigitClassifierNet() : base(nameof(DigitClassifierNet))
    {
        Features = nn.Sequential(
            ("conv1", nn.Conv2d(1, 32, 3)),
            ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(32, 64, 3)),
            ("relu2", nn.ReLU()),
            ("pool", nn.MaxPool2d(2)),
            ("dropout1", nn.Dropout(0.25)),
            ("flatten", nn.Flatten()),
            ("fc1", nn.Linear(64 * 12 * 12, FeatureSize)),
            ("relu3", nn.ReLU()));
        Head = nn.Sequential(
            ("dropout2", nn.Dropout(0.5)),
            ("fc2", nn.Linear(FeatureSize, Classes)));
        RegisterComponents();
    }

    /// <summary>Logits [N,10] of digits [N,1,28,28] in [0, 1].</summary>
    public override Tensor forward(Tensor digits) => Head.call(Features.call(digits));
}

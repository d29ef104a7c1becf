namespace MmaGan.Models.Lpips;

/// <summary>The LPIPS trunks (Zhang et al. 2018, "The Unreasonable Effectiveness of Deep Features as a Perceptual Metric").</summary>
public enum LpipsNet
{
    /// <summary>torchvision AlexNet features, taps after relu1..relu5 (64, 192, 384, 256, 256 channels).</summary>
    Alex,
    /// <summary>torchvision VGG16 features, taps relu1_2, relu2_2, relu3_3, relu4_3, relu5_3 (64, 128, 256, 512, 512).</summary>
    Vgg,
    /// <summary>torchvision SqueezeNet 1.1 features, seven taps (64, 128, 256, 384, 384, 512, 512).</summary>
    Squeeze,
}

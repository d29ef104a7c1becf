using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MmaGan.Train.Networks;

/// <summary>
/// Applies a <see cref="NetworkSpec"/>'s discriminator stabilisers to a D built as a <see cref="Sequential"/> ending in a
/// Linear layer named <c>heads</c>: <see cref="MinibatchDiscrimination"/> inserted as <c>mbd</c> right before the heads
/// (which then take A + B inputs), and <see cref="SpectralNorm"/> around every Linear/Conv2d (the heads included).
/// With neither option the network is returned unchanged. Also finds D's last hidden features (the heads' input, before
/// minibatch discrimination), which feature matching compares.
/// </summary>
public static class DiscriminatorStabilisers
{
    /// <summary>Spectral norm around a layer when the spec asks for it (for layers built inside other modules, e.g. maxout).</summary>
    public static Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>>? Wrapper(NetworkSpec spec) =>
        spec.SpectralNorm ? layer => new SpectralNorm(layer) : null;

    public static Sequential Apply(Sequential d, NetworkSpec spec)
    {
        if (!spec.SpectralNorm && spec.MbdKernels == 0) return d;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        foreach (var (name, child) in d.named_children())
        {
            var layer = (nn.Module<Tensor, Tensor>)child;
            if (name == "heads" && spec.MbdKernels > 0 && layer is Linear heads)
            {
                var mbd = new MinibatchDiscrimination((int)heads.in_features, spec.MbdKernels, spec.MbdDim);
                layers.Add(("mbd", mbd));
                layer = nn.Linear(mbd.OutFeatures, heads.out_features);
                heads.Dispose();
            }
            layers.Add((name, spec.SpectralNorm && layer is Linear or Conv2d ? new SpectralNorm(layer) : layer));
        }
        return d is ConvRoutedSequential ? new ConvRoutedSequential([.. layers]) : nn.Sequential(layers);
    }

    /// <summary>D's last hidden features f(x): the output of the layers before <c>mbd</c>/<c>heads</c>, [N, A].</summary>
    public static Tensor HiddenFeatures(Sequential d, Tensor x)
    {
        foreach (var (name, child) in d.named_children())
        {
            if (name is "mbd" or "heads") return x;
            var layer = (nn.Module<Tensor, Tensor>)child;
            x = d is ConvRoutedSequential routed ? routed.ApplyLayer(layer, x) : layer.call(x);
        }
        throw new ArgumentException("the discriminator has no layer named 'heads'");
    }
}

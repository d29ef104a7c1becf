using MmaGan.Models.Graph;
using MmaGan.Shared.IO;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Lpips;

/// <summary>
/// The feature trunks LPIPS v0.1 taps (lpips/pretrained_networks.py), built from torchvision state dicts
/// (keys features.N.weight / features.N.bias; SqueezeNet fire modules features.N.squeeze/expand1x1/expand3x3).
/// </summary>
public static class LpipsTrunk
{
    /// <summary>Channels of each tap, in order.</summary>
    public static long[] TapChannels(LpipsNet net) => net switch
    {
        LpipsNet.Alex => [64, 192, 384, 256, 256],
        LpipsNet.Vgg => [64, 128, 256, 512, 512],
        _ => [64, 128, 256, 384, 384, 512, 512],
    };

    /// <summary>Adds the trunk to <paramref name="g"/> and returns the tap values (one per LPIPS layer).</summary>
    public static IReadOnlyList<string> Emit(ConvGraph g, string x, PthFile trunk, LpipsNet net)
    {
        var first = net == LpipsNet.Squeeze ? "features.0.weight" : "features.0.weight";
        if (!trunk.Contains(first))
            throw InputException.ForFile(trunk.Path, $"no tensor '{first}': not a torchvision {net.ToString().ToLowerInvariant()} state dict");
        return net switch
        {
            LpipsNet.Alex => Alex(g, x, trunk),
            LpipsNet.Vgg => Vgg(g, x, trunk),
            _ => Squeeze(g, x, trunk),
        };
    }

    // features: 0 conv11x11/4 p2, 1 relu | 2 maxpool3/2, 3 conv5x5 p2, 4 relu | 5 maxpool, 6 conv3x3 p1, 7 relu | 8 conv, 9 relu | 10 conv, 11 relu
    static List<string> Alex(ConvGraph g, string x, PthFile w)
    {
        var taps = new List<string>();
        x = g.Relu(g.Conv(x, w, "features.0", stride: 4, pad: 2)); taps.Add(x);
        x = g.Relu(g.Conv(g.MaxPool(x, 3, 2), w, "features.3", pad: 2)); taps.Add(x);
        x = g.Relu(g.Conv(g.MaxPool(x, 3, 2), w, "features.6", pad: 1)); taps.Add(x);
        x = g.Relu(g.Conv(x, w, "features.8", pad: 1)); taps.Add(x);
        x = g.Relu(g.Conv(x, w, "features.10", pad: 1)); taps.Add(x);
        return taps;
    }

    // VGG16 features: 3x3 p1 convs with ReLU; max pools (2/2) at 4, 9, 16, 23; taps after relu of convs 2, 7, 14, 21, 28.
    static List<string> Vgg(ConvGraph g, string x, PthFile w)
    {
        int[][] stages = [[0, 2], [5, 7], [10, 12, 14], [17, 19, 21], [24, 26, 28]];
        var taps = new List<string>();
        foreach (var stage in stages)
        {
            if (taps.Count > 0) x = g.MaxPool(x, 2, 2);
            foreach (var i in stage) x = g.Relu(g.Conv(x, w, $"features.{i}", pad: 1));
            taps.Add(x);
        }
        return taps;
    }

    // SqueezeNet 1.1 features: 0 conv3x3/2, 1 relu | 2 maxpool(3,2,ceil), 3 fire, 4 fire | 5 maxpool, 6, 7 | 8 maxpool, 9 | 10 | 11 | 12
    static List<string> Squeeze(ConvGraph g, string x, PthFile w)
    {
        var taps = new List<string>();
        x = g.Relu(g.Conv(x, w, "features.0", stride: 2)); taps.Add(x);
        x = Fire(g, Fire(g, g.MaxPool(x, 3, 2, ceil: true), w, 3), w, 4); taps.Add(x);
        x = Fire(g, Fire(g, g.MaxPool(x, 3, 2, ceil: true), w, 6), w, 7); taps.Add(x);
        x = Fire(g, g.MaxPool(x, 3, 2, ceil: true), w, 9); taps.Add(x);
        x = Fire(g, x, w, 10); taps.Add(x);
        x = Fire(g, x, w, 11); taps.Add(x);
        x = Fire(g, x, w, 12); taps.Add(x);
        return taps;
    }

    static string Fire(ConvGraph g, string x, PthFile w, int index)
    {
        var s = g.Relu(g.Conv(x, w, $"features.{index}.squeeze"));
        return g.Concat(1, g.Relu(g.Conv(s, w, $"features.{index}.expand1x1")), g.Relu(g.Conv(s, w, $"features.{index}.expand3x3", pad: 1)));
    }
}

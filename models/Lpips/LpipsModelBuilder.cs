using MmaGan.Models.Fetch;
using MmaGan.Models.Graph;
using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using MmaGan.Shared.Pth;

namespace MmaGan.Models.Lpips;

/// <summary>
/// Builds LPIPS v0.1 (lpips.LPIPS(net=…, version='0.1'), spatial=False) as an ONNX graph:
/// inputs <c>x0</c>, <c>x1</c> [N,3,H,W] in [−1,1] → output <c>distance</c> [N] with
/// d(x0,x1) = Σ_l mean_hw( w_l · (ŷ0_l − ŷ1_l)² ), where ŷ_l = f_l / (‖f_l‖₂ over channels + 1e-10) is the l-th trunk
/// tap of the scaled input (x − shift)/scale, shift = [−.030, −.088, −.188], scale = [.458, .448, .450], and w_l the
/// 1×1 "lin" convolution (no bias). Both inputs run through the trunk as one batch of 2N.
/// </summary>
public static class LpipsModelBuilder
{
    static readonly float[] Shift = [-.030f, -.088f, -.188f];
    static readonly float[] Scale = [.458f, .448f, .450f];
    const float Eps = 1e-10f;

    public static OnnxGraphBuilder Build(PthFile trunk, PthFile lin, LpipsNet net)
    {
        var channels = LpipsTrunk.TapChannels(net);
        for (var i = 0; i < channels.Length; i++)
        {
            var key = $"lin{i}.model.1.weight";
            if (!lin.Contains(key)) throw InputException.ForFile(lin.Path, $"no tensor '{key}': not LPIPS v0.1 {net.ToString().ToLowerInvariant()} linear weights");
            if (!lin[key].Shape.SequenceEqual([1, channels[i], 1, 1]))
                throw InputException.ForFile(lin.Path, $"'{key}' has shape {lin[key].ShapeText}, expected [1, {channels[i]}, 1, 1] for net {net.ToString().ToLowerInvariant()}");
        }
        var netName = net.ToString().ToLowerInvariant();
        var g = new ConvGraph($"lpips_{netName}");
        var b = g.Builder;
        var x0 = b.AddInput("x0", OnnxElementType.Float, "N", 3, "H", "W");
        var x1 = b.AddInput("x1", OnnxElementType.Float, "N", 3, "H", "W");

        var x = g.Concat(0, x0, x1);
        x = g.Div(g.Sub(x, g.Constant("shift", Shift, 1, 3, 1, 1)), g.Constant("scale", Scale, 1, 3, 1, 1));
        var taps = LpipsTrunk.Emit(g, x, trunk, net);
        var channelAxis = g.Constant("axis_c", new long[] { 1 }, 1);
        var eps = g.Constant("eps", [Eps]);
        string? total = null;
        for (var i = 0; i < taps.Count; i++)
        {
            var f = taps[i];
            var norm = g.Node("Sqrt", $"norm{i}", [g.Node("ReduceSum", $"sumsq{i}", [g.Mul(f, f), channelAxis], OnnxAttribute.Int("keepdims", 1))]);
            var unit = g.Div(f, g.Add(norm, eps));
            var halves = b.AddNode("Split", [unit], 2, b.UniqueName($"split{i}"), OnnxAttribute.Int("axis", 0));
            var diff = g.Sub(halves[0], halves[1]);
            var weighted = g.Conv(g.Mul(diff, diff), $"lin{i}", lin.ReadFloat($"lin{i}.model.1.weight"), [1, channels[i], 1, 1], null, (1, 1), (0, 0));
            var mean = g.Node("ReduceMean", $"spatial_mean{i}", [weighted], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 1));
            total = total == null ? mean : g.Add(total, mean);
        }
        var distance = b.AddNode("Reshape", [total!, g.Constant("shape_n", new long[] { -1 }, 1)], ["distance"], "distance")[0];
        b.AddOutput(distance, OnnxElementType.Float, "N");
        b.DocString = $"LPIPS v0.1 ({netName}) built by MmaGan from {Path.GetFileName(trunk.Path)} and {Path.GetFileName(lin.Path)}. " +
                      "Inputs x0, x1 [N,3,H,W] in [-1,1]; output distance [N].";
        b.Metadata["model"] = "lpips";
        b.Metadata["version"] = "0.1";
        b.Metadata["net"] = netName;
        b.Metadata["input_range"] = "[-1,1]";
        b.Metadata["trunk_weights"] = Path.GetFileName(trunk.Path);
        b.Metadata["lin_weights"] = Path.GetFileName(lin.Path);
        b.Metadata[SourceDigests.TrunkWeightsKey] = SourceDigests.Sha256Of(trunk.Path);
        b.Metadata[SourceDigests.LinWeightsKey] = SourceDigests.Sha256Of(lin.Path);
        return b;
    }

    /// <summary>Reads the two weight files and writes the model to <paramref name="outPath"/> (atomically).</summary>
    public static void BuildFile(string trunkPath, string linPath, LpipsNet net, string outPath)
    {
        using var trunk = PthFile.Open(trunkPath);
        using var lin = PthFile.Open(linPath);
        trunk.Validate();
        lin.Validate();
        Build(trunk, lin, net).Save(outPath);
    }
}

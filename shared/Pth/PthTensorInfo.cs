namespace MmaGan.Shared.Pth;

/// <summary>
/// One tensor of a PyTorch weights file as its pickle describes it: a view (shape, stride, storage offset,
/// all in elements) into a storage named <see cref="StorageKey"/>. Views that share a storage (a transposed
/// copy, a row slice) point at the same key.
/// </summary>
public sealed record PthTensorInfo(
    string Name, PthDtype Dtype, long[] Shape, long[] Stride, long StorageOffset, string StorageKey, string Location)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a 0-d scalar).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>"[64, 3, 11, 11]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>The two serializations torch.save writes.</summary>
public enum PthFormat
{
    /// <summary>Before PyTorch 1.6: magic number, protocol 1001, sys_info, pickle, storage keys, raw storages.</summary>
    Legacy,
    /// <summary>PyTorch ≥ 1.6: a zip holding archive/data.pkl and archive/data/&lt;key&gt;.</summary>
    Zip,
    /// <summary>torch.jit.save: the zip layout with the module tree (and its code, never read) instead of a state dict.</summary>
    TorchScript,
}

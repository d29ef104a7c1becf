namespace MmaGan.Shared.Pth;

/// <summary>A reference to a Python global (module + name) met by the restricted unpickler; only whitelisted ones are allowed.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A Python tuple (immutable sequence) from the pickle stream.</summary>
internal sealed record PickleTuple(object?[] Items);

/// <summary>A storage named by a persistent id: ('storage', storage_type, key, location, numel[, view_metadata]).</summary>
internal sealed record PickleStorageRef(string Key, PthDtype Dtype, string Location, long Numel, long ViewOffset, long ViewNumel, string RootKey);

/// <summary>A tensor rebuilt by torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...).</summary>
internal sealed record PickleTensor(PickleStorageRef Storage, long StorageOffset, long[] Shape, long[] Stride);

/// <summary>A Python dict / collections.OrderedDict, insertion order kept.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    public void Set(object? key, object? value)
    {
        for (var i = 0; i < Items.Count; i++)
            if (Equals(Items[i].Key, key)) { Items[i] = new(key, value); return; }
        Items.Add(new(key, value));
    }
}

/// <summary>A TorchScript module as its archive's data.pkl records it: the class name (e.g. "__torch__.clip.model.CLIP")
/// and its attributes. Never instantiated as anything else.</summary>
internal sealed record PickleObject(string ClassName, PickleDict Attributes);

/// <summary>The marker object the MARK opcode pushes.</summary>
internal sealed class PickleMark
{
    public static readonly PickleMark Instance = new();
}

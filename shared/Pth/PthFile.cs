using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Pth;

/// <summary>
/// Reads PyTorch weight files (<c>torch.save</c> of a state dict) in both serializations without Python, and the tensors of
/// a TorchScript archive (<c>torch.jit.save</c>, e.g. OpenAI's CLIP ViT-B-32.pt: the same zip layout, whose data.pkl holds
/// the module tree instead of a dict — its code/ is never read):
/// the legacy one (pt_inception-2015-12-05-6726825d.pth, torchvision's alexnet-owt-7be5be79.pth, the LPIPS v0.1
/// weights) and the zip one (PyTorch ≥ 1.6). The pickle is read by a restricted unpickler (no code runs).
/// <see cref="Open"/> lists the tensors; <see cref="ReadFloat"/> returns one tensor's values in C order,
/// honouring views (strides, storage offsets). Storage locations such as "cuda:0" are ignored: all data loads on CPU.
/// A file cut short still lists its structure when the pickle is whole, and refuses to load with
/// "truncated: N bytes missing".
/// </summary>
public sealed class PthFile : IDisposable
{
    /// <summary>The legacy format's magic number, pickled as a Python long.</summary>
    static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356");
    const long LegacyProtocol = 1001;

    sealed class Storage
    {
        public required string Key;
        public required PthDtype Dtype;
        public required long Numel;
        public long FileOffset = -1;      // legacy: where the raw bytes start
        public ZipArchiveEntry? Entry;    // zip: the data/<key> entry
        public long ByteLength => Numel * Dtype.ElementSize;
    }

    readonly Dictionary<string, Storage> _storages = [];
    readonly Dictionary<string, PthTensorInfo> _byName = [];
    readonly List<PthTensorInfo> _tensors = [];
    FileStream? _file;
    ZipArchive? _zip;

    public string Path { get; }
    public PthFormat Format { get; private set; }
    public IReadOnlyList<PthTensorInfo> Tensors => _tensors;

    /// <summary>Bytes the file lacks to hold every storage it declares (0 for a complete file).</summary>
    public long MissingBytes { get; private set; }

    PthFile(string path) { Path = path; }

    /// <summary>Opens and parses the file's structure. Throws <see cref="InputException"/> on a missing, corrupt or unsupported file.</summary>
    public static PthFile Open(string path)
    {
        if (!File.Exists(path)) throw InputException.ForFile(path, "file not found");
        var pth = new PthFile(path);
        try
        {
            pth._file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> head = stackalloc byte[4];
            var n = pth._file.Read(head);
            pth._file.Position = 0;
            if (n == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) pth.ParseZip();
            else pth.ParseLegacy();
            return pth;
        }
        catch (Exception e) when (e is not InputException)
        {
            pth.Dispose();
            throw InputException.ForFile(path, $"unreadable PyTorch weights file ({e.Message})");
        }
        catch
        {
            pth.Dispose();
            throw;
        }
    }

    InputException Error(string problem) => InputException.ForFile(Path, problem);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public PthTensorInfo this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw Error($"no tensor named '{name}'");

    /// <summary>Throws "truncated: N bytes missing" when the file lacks storage bytes.</summary>
    public void Validate()
    {
        if (MissingBytes > 0) throw Error($"truncated: {MissingBytes} bytes missing ({new FileInfo(Path).Length} bytes present)");
    }

    // ---------------------------------------------------------------- legacy

    void ParseLegacy()
    {
        Format = PthFormat.Legacy;
        var s = new BufferedStream(_file!, 1 << 16);
        object? magic;
        try { magic = new RestrictedUnpickler(s, Path, _ => throw Error("not a PyTorch weights file")).Load(); }
        catch (InputException) { throw Error("not a PyTorch weights file (wrong magic number)"); }
        if (magic is not BigInteger m || m != LegacyMagic) throw Error("not a PyTorch weights file (wrong magic number)");
        var protocol = new RestrictedUnpickler(s, Path, _ => null).Load();
        if (protocol is not long p || p != LegacyProtocol) throw Error($"unsupported legacy protocol version {protocol}");
        var sysInfo = new RestrictedUnpickler(s, Path, _ => null).Load() as PickleDict
            ?? throw Error("corrupt header: sys_info is not a dict");
        if (sysInfo.Items.FirstOrDefault(kv => Equals(kv.Key, "little_endian")).Value is false)
            throw Error("big-endian weights files are not supported");

        var root = new RestrictedUnpickler(s, Path, LegacyPersistentLoad).Load();
        CollectTensors(root, "");

        var fileLength = _file!.Length;
        List<object?> keys;
        try
        {
            keys = new RestrictedUnpickler(s, Path, _ => null).Load() as List<object?>
                ?? throw Error("corrupt file: the storage key list is not a list");
        }
        catch (InputException e) when (e.Message.Contains("truncated"))
        {
            MissingBytes = Math.Max(1, _storages.Values.Sum(st => 8 + st.ByteLength));
            return;
        }
        var offset = s.Position;
        Span<byte> countBytes = stackalloc byte[8];
        foreach (var k in keys)
        {
            if (k is not string key || !_storages.TryGetValue(key, out var st))
                throw Error($"corrupt file: storage key {k} is not referenced by any tensor");
            if (offset + 8 <= fileLength)
            {
                s.Position = offset;
                s.ReadExactly(countBytes);
                var count = BitConverter.ToInt64(countBytes);
                if (count != st.Numel) throw Error($"corrupt file: storage {key} holds {count} elements, its header says {st.Numel}");
            }
            st.FileOffset = offset + 8;
            offset += 8 + st.ByteLength;
        }
        if (keys.Count != _storages.Count) throw Error("corrupt file: the storage key list does not name every storage");
        MissingBytes = Math.Max(0, offset - fileLength);
        CheckViews();
    }

    object? LegacyPersistentLoad(object? pid)
    {
        // ('storage', storage_type, root_key, location, numel, view_metadata)
        if (pid is not PickleTuple { Items: var a } || a.Length < 5 || a[0] is not "storage")
            throw Error("corrupt pickle: unexpected persistent id");
        var (dtype, key, location, numel) = StorageFields(a);
        if (!_storages.TryGetValue(key, out var st))
            _storages[key] = st = new Storage { Key = key, Dtype = dtype, Numel = numel };
        if (a.Length >= 6 && a[5] is PickleTuple { Items: [string viewKey, long viewOffset, long viewSize] })
            return new PickleStorageRef(viewKey, dtype, location, viewSize, viewOffset, viewSize, key);
        return new PickleStorageRef(key, dtype, location, st.Numel, 0, st.Numel, key);
    }

    (PthDtype, string, string, long) StorageFields(object?[] a)
    {
        if (a[1] is not PickleGlobal g || PthDtype.FromStorageType(g.Name) is not { } dtype)
            throw Error($"unsupported storage type {a[1]}");
        if (a[2] is not string key) throw Error("corrupt pickle: storage key is not a string");
        if (a[4] is not long numel || numel < 0) throw Error("corrupt pickle: storage size is not a count");
        if (numel > long.MaxValue / 16) throw Error($"corrupt pickle: storage {key} claims {numel} elements, more bytes than a file can hold");
        return (dtype, key, a[3] as string ?? "cpu", numel);
    }

    // ---------------------------------------------------------------- zip

    void ParseZip()
    {
        Format = PthFormat.Zip;
        try { _zip = new ZipArchive(_file!, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw Error($"truncated or corrupt zip weights file ({e.Message})"); }
        var pkl = _zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal)
                                                   && e.FullName.Count(c => c == '/') == 1)
                  ?? throw Error("not a PyTorch weights file (zip without <archive>/data.pkl)");
        var prefix = pkl.FullName[..^"data.pkl".Length];
        object? root;
        using (var ps = new BufferedStream(pkl.Open()))
            root = new RestrictedUnpickler(ps, Path, pid => ZipPersistentLoad(pid, prefix)).Load();
        CollectTensors(root, "");
        MissingBytes = _storages.Values.Sum(st => Math.Max(0, st.ByteLength - (st.Entry?.Length ?? 0)));
        CheckViews();
    }

    object? ZipPersistentLoad(object? pid, string prefix)
    {
        // ('storage', storage_type, key, location, numel)
        if (pid is not PickleTuple { Items: var a } || a.Length < 5 || a[0] is not "storage")
            throw Error("corrupt pickle: unexpected persistent id");
        var (dtype, key, location, numel) = StorageFields(a);
        if (!_storages.ContainsKey(key))
        {
            var entry = _zip!.GetEntry(prefix + "data/" + key) ?? throw Error($"truncated: storage entry {prefix}data/{key} is missing");
            _storages[key] = new Storage { Key = key, Dtype = dtype, Numel = numel, Entry = entry };
        }
        return new PickleStorageRef(key, dtype, location, numel, 0, numel, key);
    }

    // ---------------------------------------------------------------- tensors

    void CollectTensors(object? node, string prefix)
    {
        if (node is PickleObject module)
        {
            // A TorchScript archive: the module tree; parameters and buffers are tensor attributes, named by their path
            // as model.state_dict() names them ("visual.transformer.resblocks.0.attn.in_proj_weight").
            if (prefix.Length == 0) Format = PthFormat.TorchScript;
            node = module.Attributes;
        }
        if (node is not PickleDict dict) throw Error("not a state dict (the pickle's top-level object is not a dict)");
        foreach (var (k, v) in dict.Items)
        {
            var name = prefix + k;
            if (v is PickleTensor t)
            {
                var info = new PthTensorInfo(name, t.Storage.Dtype, t.Shape, t.Stride,
                    t.Storage.ViewOffset + t.StorageOffset, t.Storage.RootKey, t.Storage.Location);
                if (info.Shape.Length != info.Stride.Length) throw Error($"corrupt tensor '{name}': size and stride ranks differ");
                _byName[name] = info;
                _tensors.Add(info);
            }
            else if (v is PickleDict or PickleObject) CollectTensors(v, name + ".");
            // other values (epoch counters, hyper-parameters) are not tensors: skipped
        }
    }

    /// <summary>Every tensor view must lie inside its storage.</summary>
    void CheckViews()
    {
        foreach (var t in _tensors)
        {
            // A shape whose element count overflows 64 bits ([2⁶², 2⁶²] multiplied to 0) is corrupt, not empty.
            var count = 1.0;
            foreach (var d in t.Shape) count *= Math.Max(d, 0);
            if (count > long.MaxValue / 16) throw Error($"corrupt tensor '{t.Name}': its shape {t.ShapeText} has more elements than a file can hold");
            if (t.Count == 0) continue;
            var st = _storages[t.StorageKey];
            var last = t.StorageOffset;
            for (var i = 0; i < t.Shape.Length; i++)
            {
                if (t.Shape[i] < 0 || t.Stride[i] < 0) throw Error($"corrupt tensor '{t.Name}': negative size or stride");
                last += (t.Shape[i] - 1) * t.Stride[i];
            }
            if (t.StorageOffset < 0 || last >= st.Numel)
                throw Error($"corrupt tensor '{t.Name}': its view needs {last + 1} elements but storage {t.StorageKey} holds {st.Numel}");
        }
    }

    /// <summary>The tensor's elements in C order as raw little-endian bytes of its dtype.</summary>
    public byte[] ReadRaw(string name)
    {
        var t = this[name];
        Validate();
        var st = _storages[t.StorageKey];
        var size = t.Dtype.ElementSize;
        var count = t.Count;
        var result = new byte[checked(count * size)];
        if (count == 0) return result;
        // The span of storage elements the view touches.
        var span = 1L;
        for (var i = 0; i < t.Shape.Length; i++) span += (t.Shape[i] - 1) * t.Stride[i];
        var block = ReadStorageBytes(st, t.StorageOffset * size, span * size);
        if (IsContiguous(t)) return block;
        var rank = t.Shape.Length;
        var index = new long[rank];
        for (long e = 0; e < count; e++)
        {
            long src = 0;
            for (var d = 0; d < rank; d++) src += index[d] * t.Stride[d];
            Buffer.BlockCopy(block, (int)(src * size), result, (int)(e * size), size);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < t.Shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    static bool IsContiguous(PthTensorInfo t)
    {
        var expected = 1L;
        for (var d = t.Shape.Length - 1; d >= 0; d--)
        {
            if (t.Shape[d] != 1 && t.Stride[d] != expected) return false;
            expected *= t.Shape[d];
        }
        return true;
    }

    byte[] ReadStorageBytes(Storage st, long byteOffset, long byteCount)
    {
        var buffer = new byte[checked((int)byteCount)];
        if (st.Entry != null)
        {
            using var es = st.Entry.Open();
            if (es.CanSeek) es.Position = byteOffset;
            else
            {
                var skip = new byte[Math.Min(byteOffset, 1 << 20)];
                for (var left = byteOffset; left > 0;)
                {
                    var n = es.Read(skip, 0, (int)Math.Min(left, skip.Length));
                    if (n <= 0) throw Error("truncated: storage entry ends early");
                    left -= n;
                }
            }
            try { es.ReadExactly(buffer); }
            catch (EndOfStreamException) { throw Error($"truncated: storage {st.Key} ends early"); }
            return buffer;
        }
        lock (_file!)
        {
            _file.Position = st.FileOffset + byteOffset;
            try { _file.ReadExactly(buffer); }
            catch (EndOfStreamException) { throw Error($"truncated: storage {st.Key} ends early"); }
        }
        return buffer;
    }

    /// <summary>The tensor's values in C order as float32 (float16/bfloat16/float64/integers converted).</summary>
    public float[] ReadFloat(string name)
    {
        var t = this[name];
        var raw = ReadRaw(name);
        if (t.Dtype == PthDtype.Float32) return MemoryMarshal.Cast<byte, float>(raw).ToArray();
        var d = Convert(t.Dtype, raw);
        var f = new float[d.Length];
        for (var i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return f;
    }

    /// <summary>The tensor's values in C order as float64.</summary>
    public double[] ReadDouble(string name) => Convert(this[name].Dtype, ReadRaw(name));

    /// <summary>The tensor's values in C order as int64 (integer and bool dtypes only).</summary>
    public long[] ReadInt64(string name)
    {
        var t = this[name];
        var raw = ReadRaw(name);
        if (t.Dtype == PthDtype.Int64) return MemoryMarshal.Cast<byte, long>(raw).ToArray();
        if (t.Dtype.Name.StartsWith("float") || t.Dtype == PthDtype.BFloat16) throw Error($"tensor '{name}' is {t.Dtype}, not an integer tensor");
        return [.. Convert(t.Dtype, raw).Select(v => (long)v)];
    }

    static double[] Convert(PthDtype dtype, byte[] raw)
    {
        var n = raw.Length / dtype.ElementSize;
        var r = new double[n];
        switch (dtype.Name)
        {
            case "float32": { var s = MemoryMarshal.Cast<byte, float>(raw); for (var i = 0; i < n; i++) r[i] = s[i]; break; }
            case "float64": MemoryMarshal.Cast<byte, double>(raw).CopyTo(r); break;
            case "float16": { var s = MemoryMarshal.Cast<byte, Half>(raw); for (var i = 0; i < n; i++) r[i] = (double)s[i]; break; }
            case "bfloat16": { var s = MemoryMarshal.Cast<byte, ushort>(raw); for (var i = 0; i < n; i++) r[i] = BitConverter.Int32BitsToSingle(s[i] << 16); break; }
            case "int64": { var s = MemoryMarshal.Cast<byte, long>(raw); for (var i = 0; i < n; i++) r[i] = s[i]; break; }
            case "int32": { var s = MemoryMarshal.Cast<byte, int>(raw); for (var i = 0; i < n; i++) r[i] = s[i]; break; }
            case "int16": { var s = MemoryMarshal.Cast<byte, short>(raw); for (var i = 0; i < n; i++) r[i] = s[i]; break; }
            case "int8": for (var i = 0; i < n; i++) r[i] = (sbyte)raw[i]; break;
            default: for (var i = 0; i < n; i++) r[i] = raw[i]; break; // uint8, bool
        }
        return r;
    }

    public void Dispose()
    {
        _zip?.Dispose();
        _file?.Dispose();
    }
}

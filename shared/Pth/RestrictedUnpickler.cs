using System.Numerics;
using System.Text;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Pth;

/// <summary>
/// A pickle reader that implements only the opcodes PyTorch weight files use (protocol 2 plus a few
/// protocol-3/4 ones) and builds plain data: ints, floats, strings, tuples, lists, dicts, tensors.
/// Globals are limited to collections.OrderedDict, torch.*Storage and torch._utils._rebuild_*, plus the
/// <c>__torch__.*</c> module classes of a TorchScript archive's data.pkl (<c>GLOBAL '__torch__.clip.model CLIP'</c>,
/// EMPTY_TUPLE, NEWOBJ, then BUILD with the attribute dict), which become inert <see cref="PickleObject"/> records of
/// their attributes; anything else is rejected with an <see cref="InputException"/> — no class is ever instantiated or executed.
/// </summary>
internal sealed class RestrictedUnpickler
{
    readonly Stream _stream;
    readonly string _path;
    readonly Func<object?, object?> _persistentLoad;
    readonly List<object?> _stack = [];
    readonly Dictionary<long, object?> _memo = [];

    public RestrictedUnpickler(Stream stream, string path, Func<object?, object?> persistentLoad)
    {
        _stream = stream;
        _path = path;
        _persistentLoad = persistentLoad;
    }

    static readonly HashSet<string> AllowedFunctions =
    [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
    ];

    InputException Error(string problem) => InputException.ForFile(_path, problem);

    byte ReadByte()
    {
        var b = _stream.ReadByte();
        if (b < 0) throw Error("truncated: the pickle ends before its STOP opcode (cut pickle)");
        return (byte)b;
    }

    byte[] ReadBytes(long count)
    {
        if (count < 0 || count > int.MaxValue) throw Error($"corrupt pickle: bad length {count}");
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = _stream.Read(buffer, read, (int)count - read);
            if (n <= 0) throw Error("truncated: the pickle ends before its STOP opcode (cut pickle)");
            read += n;
        }
        return buffer;
    }

    uint ReadUInt32() => BitConverter.ToUInt32(ReadBytes(4));

    string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = ReadByte();
            if (b == (byte)'\n') return sb.ToString();
            if (sb.Length > 256) throw Error("corrupt pickle: over-long GLOBAL name");
            sb.Append((char)b);
        }
    }

    object? Pop()
    {
        if (_stack.Count == 0) throw Error("corrupt pickle: stack underflow");
        var top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    object? Peek() => _stack.Count == 0 ? throw Error("corrupt pickle: stack underflow") : _stack[^1];

    List<object?> PopMark()
    {
        var i = _stack.FindLastIndex(o => ReferenceEquals(o, PickleMark.Instance));
        if (i < 0) throw Error("corrupt pickle: no MARK on the stack");
        var items = _stack.GetRange(i + 1, _stack.Count - i - 1);
        _stack.RemoveRange(i, _stack.Count - i);
        return items;
    }

    static object Integer(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (object)(long)v : v;

    /// <summary>Reads one pickle (up to and including STOP) and returns its value.</summary>
    public object? Load()
    {
        _stack.Clear();
        _memo.Clear();
        while (true)
        {
            var opPos = _stream.CanSeek ? _stream.Position : -1;
            var op = ReadByte();
            switch (op)
            {
                case 0x80: ReadByte(); break;                                   // PROTO
                case 0x95: ReadBytes(8); break;                                 // FRAME (protocol 4): framing only
                case (byte)'.': return Pop();                                   // STOP
                case (byte)'(': _stack.Add(PickleMark.Instance); break;         // MARK
                case (byte)'0': Pop(); break;                                   // POP
                case (byte)'1': PopMark(); break;                               // POP_MARK
                case (byte)'2': _stack.Add(Peek()); break;                      // DUP
                case (byte)'N': _stack.Add(null); break;                        // NONE
                case 0x88: _stack.Add(true); break;                             // NEWTRUE
                case 0x89: _stack.Add(false); break;                            // NEWFALSE
                case (byte)'J': _stack.Add((long)BitConverter.ToInt32(ReadBytes(4))); break; // BININT
                case (byte)'K': _stack.Add((long)ReadByte()); break;            // BININT1
                case (byte)'M': _stack.Add((long)BitConverter.ToUInt16(ReadBytes(2))); break; // BININT2
                case 0x8a: _stack.Add(Integer(new BigInteger(ReadBytes(ReadByte()), isUnsigned: false, isBigEndian: false))); break; // LONG1
                case 0x8b:                                                      // LONG4
                    {
                        var n = BitConverter.ToInt32(ReadBytes(4));
                        if (n > 1024) throw Error("corrupt pickle: LONG4 too long");
                        _stack.Add(Integer(new BigInteger(ReadBytes(n), isUnsigned: false, isBigEndian: false)));
                        break;
                    }
                case (byte)'G': { var b = ReadBytes(8); Array.Reverse(b); _stack.Add(BitConverter.ToDouble(b)); break; } // BINFLOAT (big-endian)
                case (byte)'U': _stack.Add(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break;  // SHORT_BINSTRING
                case (byte)'T': _stack.Add(Encoding.Latin1.GetString(ReadBytes(BitConverter.ToInt32(ReadBytes(4))))); break; // BINSTRING
                case (byte)'X': _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadUInt32()))); break;   // BINUNICODE
                case 0x8c: _stack.Add(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;          // SHORT_BINUNICODE
                case (byte)'C': _stack.Add(ReadBytes(ReadByte())); break;       // SHORT_BINBYTES
                case (byte)'B': _stack.Add(ReadBytes(ReadUInt32())); break;     // BINBYTES
                case (byte)')': _stack.Add(new PickleTuple([])); break;         // EMPTY_TUPLE
                case (byte)'t': _stack.Add(new PickleTuple([.. PopMark()])); break; // TUPLE
                case 0x85: _stack.Add(new PickleTuple([Pop()])); break;         // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new PickleTuple([a, b])); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new PickleTuple([a, b, c])); break; } // TUPLE3
                case (byte)']': _stack.Add(new List<object?>()); break;         // EMPTY_LIST
                case (byte)'l': _stack.Add(PopMark()); break;                   // LIST
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; } // APPEND
                case (byte)'e': { var items = PopMark(); AsList(Peek()).AddRange(items); break; } // APPENDS
                case (byte)'}': _stack.Add(new PickleDict()); break;            // EMPTY_DICT
                case (byte)'d':                                                 // DICT
                    {
                        var items = PopMark();
                        var d = new PickleDict();
                        for (var i = 0; i + 1 < items.Count; i += 2) d.Set(items[i], items[i + 1]);
                        _stack.Add(d);
                        break;
                    }
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Set(k, v); break; } // SETITEM
                case (byte)'u':                                                 // SETITEMS
                    {
                        var items = PopMark();
                        var d = AsDict(Peek());
                        if (items.Count % 2 != 0) throw Error("corrupt pickle: odd SETITEMS");
                        for (var i = 0; i < items.Count; i += 2) d.Set(items[i], items[i + 1]);
                        break;
                    }
                case (byte)'c': _stack.Add(Global(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: { var name = Pop() as string; var module = Pop() as string; _stack.Add(Global(module ?? "", name ?? "")); break; } // STACK_GLOBAL
                case (byte)'R': { var args = Pop(); var fn = Pop(); _stack.Add(Reduce(fn, args)); break; } // REDUCE
                case (byte)'b': { var state = Pop(); Build(Peek(), state); break; } // BUILD
                case 0x81: { var args = Pop(); var cls = Pop(); _stack.Add(NewObject(cls, args)); break; } // NEWOBJ
                case (byte)'Q': _stack.Add(_persistentLoad(Pop())); break;      // BINPERSID
                case (byte)'h': _stack.Add(MemoGet(ReadByte())); break;         // BINGET
                case (byte)'j': _stack.Add(MemoGet(ReadUInt32())); break;       // LONG_BINGET
                case (byte)'q': _memo[ReadByte()] = Peek(); break;              // BINPUT
                case (byte)'r': _memo[ReadUInt32()] = Peek(); break;            // LONG_BINPUT
                case 0x94: _memo[_memo.Count] = Peek(); break;                  // MEMOIZE
                default:
                    throw Error($"unsupported pickle opcode 0x{op:x2}{(opPos >= 0 ? $" at byte {opPos}" : "")} (only the opcodes PyTorch weight files use are allowed)");
            }
        }
    }

    object? MemoGet(long key) =>
        _memo.TryGetValue(key, out var v) ? v : throw Error($"corrupt pickle: memo key {key} not defined");

    List<object?> AsList(object? o) => o as List<object?> ?? throw Error("corrupt pickle: APPEND to a non-list");

    PickleDict AsDict(object? o) => o as PickleDict ?? throw Error("corrupt pickle: SETITEM on a non-dict");

    /// <summary>The module prefix of TorchScript's serialized classes (torch.jit.save's data.pkl).</summary>
    const string TorchScriptModule = "__torch__";

    static bool IsTorchScriptClass(PickleGlobal g) => g.Module == TorchScriptModule || g.Module.StartsWith(TorchScriptModule + ".", StringComparison.Ordinal);

    PickleGlobal Global(string module, string name)
    {
        var g = new PickleGlobal(module, name);
        if (AllowedFunctions.Contains(g.FullName) || IsTorchScriptClass(g)) return g;
        if (module == "torch" && PthDtype.FromStorageType(name) != null) return g;
        throw Error($"refusing pickle global '{g.FullName}': only tensors, storages and (ordered) dicts are allowed in a weights file");
    }

    object? Reduce(object? fn, object? args)
    {
        if (fn is not PickleGlobal g || !AllowedFunctions.Contains(g.FullName))
            throw Error($"refusing to call '{(fn as PickleGlobal)?.FullName ?? fn?.GetType().Name}' while unpickling");
        if (args is not PickleTuple t) throw Error("corrupt pickle: REDUCE arguments are not a tuple");
        var a = t.Items;
        switch (g.FullName)
        {
            case "collections.OrderedDict":
                {
                    var d = new PickleDict();
                    if (a.Length >= 1 && a[0] is List<object?> pairs)
                        foreach (var p in pairs)
                        {
                            var kv = p switch { List<object?> l => l.ToArray(), PickleTuple pt => pt.Items, _ => null };
                            if (kv is not { Length: 2 }) throw Error("corrupt pickle: OrderedDict item is not a pair");
                            d.Set(kv[0], kv[1]);
                        }
                    return d;
                }
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                {
                    if (a.Length < 4 || a[0] is not PickleStorageRef storage)
                        throw Error("corrupt pickle: _rebuild_tensor arguments are not (storage, offset, size, stride, ...)");
                    return new PickleTensor(storage, ToLong(a[1]), ToLongs(a[2]), ToLongs(a[3]));
                }
            default: // _rebuild_parameter(data, requires_grad, backward_hooks[, state])
                if (a.Length < 1 || a[0] is not PickleTensor tensor) throw Error("corrupt pickle: _rebuild_parameter without a tensor");
                return tensor;
        }
    }

    /// <summary>NEWOBJ on a TorchScript module class with no arguments: an empty attribute record (nothing is constructed).</summary>
    PickleObject NewObject(object? cls, object? args)
    {
        if (cls is not PickleGlobal g || !IsTorchScriptClass(g))
            throw Error($"refusing to construct '{(cls as PickleGlobal)?.FullName ?? cls?.GetType().Name}' while unpickling (only TorchScript module records)");
        if (args is not PickleTuple { Items.Length: 0 }) throw Error($"corrupt pickle: {g.FullName} constructed with arguments");
        return new PickleObject(g.FullName, new PickleDict());
    }

    void Build(object? target, object? state)
    {
        // OrderedDict state dicts carry a `_metadata` attribute; tensors may carry hooks state. Neither matters here.
        if (target is PickleDict or PickleTensor) return;
        // A TorchScript module's state: its attributes (parameters, buffers, submodules, flags) by name.
        if (target is PickleObject o && state is PickleDict attributes)
        {
            foreach (var (k, v) in attributes.Items) o.Attributes.Set(k, v);
            return;
        }
        throw Error("refusing BUILD on an object that is not a dict, tensor or TorchScript module record");
    }

    long ToLong(object? o) => o is long l ? l : throw Error("corrupt pickle: expected an integer");

    long[] ToLongs(object? o) => o is PickleTuple t ? [.. t.Items.Select(ToLong)] : throw Error("corrupt pickle: expected a tuple of integers");
}

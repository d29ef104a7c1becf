namespace MmaGan.Train.Runtime;

/// <summary>
/// What <c>mmagan-train doctor</c> reports about the processor: model, vendor family, and the widest instruction set
/// oneDNN can use here (its own ISA names, from the CPU flags, capped by <c>ONEDNN_MAX_CPU_ISA</c> when set).
/// </summary>
public sealed record CpuDescription(string Model, string Family, string OneDnnIsa, int Cores)
{
    static readonly (string Isa, string[] Flags)[] IsaLadder =
    [
        ("avx512_core_bf16", ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16"]),
        ("avx512_core_vnni", ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni"]),
        ("avx512_core", ["avx512f", "avx512bw", "avx512vl", "avx512dq"]),
        ("avx2_vnni", ["avx2", "avx_vnni"]),
        ("avx2", ["avx2"]),
        ("avx", ["avx"]),
        ("sse41", ["sse4_1"]),
    ];

    public static CpuDescription Read()
    {
        var info = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList() : [];
        string Field(string name) => info.FirstOrDefault(l => l.StartsWith(name + "\t") || l.StartsWith(name + " "))?.Split(':', 2)[1].Trim() ?? "?";
        var flags = Field("flags").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var isa = IsaLadder.FirstOrDefault(r => r.Flags.All(flags.Contains)).Isa ?? "unknown";
        var cap = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA");
        if (!string.IsNullOrEmpty(cap))
        {
            var capIndex = Array.FindIndex(IsaLadder, r => r.Isa.Equals(cap, StringComparison.OrdinalIgnoreCase));
            var isaIndex = Array.FindIndex(IsaLadder, r => r.Isa == isa);
            if (capIndex > isaIndex && isaIndex >= 0) isa = IsaLadder[capIndex].Isa;
            isa += $" (ONEDNN_MAX_CPU_ISA={cap})";
        }
        return new CpuDescription(Field("model name"), $"{Field("vendor_id")} family {Field("cpu family")} model {Field("model")}", isa,
            Environment.ProcessorCount);
    }
}

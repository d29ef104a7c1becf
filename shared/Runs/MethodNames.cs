namespace MmaGan.Shared.Runs;

/// <summary>The trainer's method names and their accepted spellings — one table for <c>mmagan-train --method</c> and the
/// sweep configs' <c>methods</c>: <c>mma</c> (also <c>mma-gan</c>), <c>dcgan</c>, <c>wgan-gp</c> (also <c>wgangp</c>).</summary>
public static class MethodNames
{
    public const string Mma = "mma", Dcgan = "dcgan", WganGp = "wgan-gp";
    public static readonly IReadOnlyList<string> All = [Mma, Dcgan, WganGp];

    /// <summary>The canonical name of <paramref name="name"/> (any case, either spelling), or null when it is not a method.</summary>
    public static string? Canonical(string name) => name.ToLowerInvariant() switch
    {
        "mma" or "mma-gan" => Mma,
        "dcgan" => Dcgan,
        "wgan-gp" or "wgangp" => WganGp,
        _ => null,
    };
}

using System.Globalization;

namespace MmaGan.Bench.Sweep;

/// <summary>
/// The time a sweep still needs, from the pace of this invocation so far: remaining = (todo − done) · elapsed / done (the
/// runs' mean wall time per finished run, with --jobs already in it). A first run resumed from a late checkpoint makes it
/// optimistic; it settles as runs finish. Between runs the heartbeat counts the running runs' logged steps as fractions
/// of a run (<see cref="Remaining(double, int, TimeSpan)"/>), so a sweep says how long it needs before its first run ends.
/// </summary>
public static class SweepEta
{
    public static TimeSpan Remaining(int done, int todo, TimeSpan elapsed) => Remaining((double)done, todo, elapsed);

    /// <summary>remaining = elapsed · (todo − progress) / progress, progress counted in runs (finished ones plus the running
    /// ones' fractions of their steps); zero when nothing has progressed yet.</summary>
    public static TimeSpan Remaining(double progress, int todo, TimeSpan elapsed) =>
        progress <= 0 || todo <= progress ? TimeSpan.Zero : elapsed * ((todo - progress) / progress);

    /// <summary>"≈ 2 h 05 min left", "≈ 12 min left", "< 1 min left".</summary>
    public static string Text(TimeSpan remaining)
    {
        var minutes = (int)Math.Round(remaining.TotalMinutes);
        if (minutes < 1) return "< 1 min left";
        return minutes < 60
            ? string.Create(CultureInfo.InvariantCulture, $"≈ {minutes} min left")
            : string.Create(CultureInfo.InvariantCulture, $"≈ {minutes / 60} h {minutes % 60:D2} min left");
    }
}

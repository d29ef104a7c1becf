namespace MmaGan.Shared.Cli;

/// <summary>"Did you mean": the valid names nearest a mistyped one, by edit distance (a flag, a metric, a config key).</summary>
public static class NearestNames
{
    /// <summary>
    /// The names of <paramref name="valid"/> within a few edits of <paramref name="given"/> (at most a third of its length,
    /// at least 2), nearest first, at most <paramref name="most"/>; a name that starts with what was given counts as near.
    /// </summary>
    public static IReadOnlyList<string> Of(string given, IEnumerable<string> valid, int most = 3)
    {
        var limit = Math.Max(2, given.Length / 3);
        return valid.Distinct()
            .Select(v => (Name: v, Distance: v.StartsWith(given, StringComparison.OrdinalIgnoreCase) && given.Length >= 3 ? 1 : Distance(given.ToLowerInvariant(), v.ToLowerInvariant())))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(most).Select(c => c.Name).ToList();
    }

    /// <summary>" (did you mean a or b?)", or "" when nothing is near.</summary>
    public static string Suggestion(string given, IEnumerable<string> valid)
    {
        var near = Of(given, valid);
        return near.Count == 0 ? "" : $" (did you mean {string.Join(" or ", near)}?)";
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), with a swap of neighbours as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}

using System.Globalization;

namespace MmaGan.Shared.IO;

/// <summary>
/// Sizes checked before they are allocated: what a request would need against what an array can hold and what memory this
/// process may use (the GC's limit-aware total: the machine's RAM, or a container's or Slurm job's cgroup limit), refused in
/// one line naming what asked for it (<see cref="InputException"/>, exit 2) instead of an <see cref="OverflowException"/>, an
/// <see cref="OutOfMemoryException"/>, or minutes of swapping.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Bytes this process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>).</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The element count <paramref name="rows"/> × <paramref name="cols"/> of one array of <paramref name="bytesPerElement"/>-byte
    /// values, refused (naming <paramref name="what"/>) past <see cref="Array.MaxLength"/> or <see cref="Available"/>.</summary>
    public static int Elements(long rows, long cols, int bytesPerElement, string what)
    {
        var count = (double)rows * cols;
        if (count > Array.MaxLength)
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{what}: {rows:N0} × {cols:N0} = {count:G4} values, more than one array holds ({Array.MaxLength:N0})"));
        Require(count * bytesPerElement, what);
        return (int)count;
    }

    /// <summary>Refuses <paramref name="bytes"/> (naming <paramref name="what"/>) when more than the memory available.</summary>
    public static void Require(double bytes, string what)
    {
        var available = Available;
        if (bytes > available)
            throw new InputException($"{what} would need {Size(bytes)} of memory; {Size(available)} is available");
    }

    /// <summary>"1.5 GB", "800 MB", "12 KB".</summary>
    public static string Size(double bytes) => bytes switch
    {
        >= 1e9 => (bytes / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
    };
}

using MmaGan.Shared.Imaging;
using MmaGan.Shared.IO;

namespace MmaGan.Shared.Datasets;

/// <summary>
/// The image files of a folder, sorted by path (ordinal), and what was left out: files that are not images
/// (<see cref="ImageFile.Extensions"/>) and — unless <c>recursive</c>, as torch-fidelity's <c>--samples-find-deep</c> —
/// files in subfolders. <see cref="Summary"/> is the one line the tools print, so a folder never shrinks silently.
/// </summary>
public sealed record ImageFolderListing(string Folder, string[] Files, int SkippedNonImages, int SkippedInSubfolders, bool Recursive)
{
    public static ImageFolderListing Of(string folder, bool recursive)
    {
        if (!Directory.Exists(folder)) throw InputException.ForFile(folder, "no such folder");
        var all = Directory.EnumerateFiles(folder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).ToList();
        var images = all.Where(ImageFile.IsImage).Order(StringComparer.Ordinal).ToArray();
        var below = recursive ? 0 : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() - all.Count;
        var listing = new ImageFolderListing(folder, images, all.Count - images.Length, below, recursive);
        if (images.Length == 0)
            throw InputException.ForFile(folder, $"holds no PNG or JPEG images (nor {string.Join(", ", ImageFile.Extensions.Skip(3))}); {listing.SkippedText()}");
        return listing;
    }

    string SkippedText() =>
        $"skipped {SkippedNonImages} non-image file(s)" + (Recursive ? "" : $" and {SkippedInSubfolders} file(s) in subfolders (read them with --recursive)");

    /// <summary>"DIR: read N images; skipped …".</summary>
    public string Summary(int read) => $"{Folder}: read {read} of {Files.Length} images; {SkippedText()}";
}

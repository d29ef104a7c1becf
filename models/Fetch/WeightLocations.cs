using MmaGan.Shared.Models;

namespace MmaGan.Models.Fetch;

/// <summary>
/// Where users already keep the official weight files, searched (SHA-256 checked) before anything is downloaded:
/// PyTorch hub's cache (<c>$TORCH_HOME/hub/checkpoints</c>, else <c>$XDG_CACHE_HOME/torch/hub/checkpoints</c>, else
/// <c>~/.cache/torch/hub/checkpoints</c>: where pytorch-fid and torchvision put pt_inception-….pth and alexnet-owt-….pth)
/// openai/CLIP's download folder (<c>~/.cache/clip</c>: ViT-B-32.pt, which clip.load and clean-fid keep there)
/// and the project's shared folder (<c>$MMAGAN_SHARED/weights/lpips-v0.1</c>, else <c>REPO/../shared/weights/lpips-v0.1</c>:
/// the LPIPS repository's <c>alex.pth</c>). A file is looked for under its manifest name and its URL's file name.
/// </summary>
public static class WeightLocations
{
    /// <summary>The folders to search, for this process's environment.</summary>
    public static IReadOnlyList<string> Default() => Folders(Environment.GetEnvironmentVariable, ModelsFolder.RepoRoot(),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public static IReadOnlyList<string> Folders(Func<string, string?> env, string? repoRoot, string? home)
    {
        var folders = new List<string>();
        var torchHome = env("TORCH_HOME") is { Length: > 0 } t ? t
            : env("XDG_CACHE_HOME") is { Length: > 0 } x ? Path.Combine(x, "torch")
            : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "torch");
        if (torchHome != null) folders.Add(Path.Combine(torchHome, "hub", "checkpoints"));
        if (!string.IsNullOrEmpty(home)) folders.Add(Path.Combine(home, ".cache", "clip"));
        if (env("MMAGAN_SHARED") is { Length: > 0 } shared) folders.Add(Path.Combine(shared, "weights", "lpips-v0.1"));
        if (repoRoot != null) folders.Add(Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "weights", "lpips-v0.1")));
        return folders.Distinct().ToList();
    }

    /// <summary>The names <paramref name="file"/> may have on disk: its manifest name, then its URL's file name.</summary>
    public static IEnumerable<string> Names(ManifestFile file)
    {
        var fromUrl = Uri.TryCreate(file.Url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : null;
        return string.IsNullOrEmpty(fromUrl) || fromUrl == file.Name ? [file.Name] : [file.Name, fromUrl];
    }
}

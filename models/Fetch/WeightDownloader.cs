using System.Security.Cryptography;
using MmaGan.Shared.IO;

namespace MmaGan.Models.Fetch;

/// <summary>
/// Finds or fetches each official weight file: reuses a file in the downloads folder (downloaded before or placed
/// by hand) when its SHA-256 matches the manifest, else one with a matching SHA-256 in <paramref name="searchFolders"/>
/// (<see cref="WeightLocations"/>: PyTorch hub's cache, the shared weights folder), else downloads it with <see cref="HttpClient"/> into a temporary
/// file that is renamed into place only when complete and verified — never a partial file.
/// </summary>
public sealed class WeightDownloader(string downloadsDir, HttpClient http, Action<string>? log = null, IReadOnlyList<string>? searchFolders = null)
{
    public string DownloadsDir { get; } = downloadsDir;

    public static string Sha256Of(string path) => SourceDigests.Sha256Of(path);

    /// <summary>A file with the right SHA-256 under one of <paramref name="file"/>'s names in the search folders, or null.</summary>
    string? FindElsewhere(ManifestFile file)
    {
        foreach (var folder in searchFolders ?? [])
            foreach (var name in WeightLocations.Names(file))
            {
                var candidate = Path.Combine(folder, name);
                if (!File.Exists(candidate)) continue;
                var have = Sha256Of(candidate);
                if (file.Matches(have)) { log?.Invoke($"{file.Name}: found {candidate}, sha256 {have[..16]}… ok"); return candidate; }
                log?.Invoke($"{file.Name}: {candidate} has sha256 {have[..16]}…, not the manifest's; ignored");
            }
        return null;
    }

    /// <summary>Path of the verified file (downloaded if needed).</summary>
    public string Ensure(ManifestFile file, CancellationToken cancel = default)
    {
        var target = Path.Combine(DownloadsDir, file.Name);
        if (File.Exists(target))
        {
            var have = Sha256Of(target);
            if (file.Matches(have)) { log?.Invoke($"{file.Name}: present, sha256 {have[..16]}… ok"); return target; }
            throw InputException.ForFile(target, $"sha256 {have} does not match the manifest's {file.ExpectedText}; delete it or replace it with the official file from {file.Url}");
        }
        if (FindElsewhere(file) is { } found) return found;
        Directory.CreateDirectory(DownloadsDir);
        log?.Invoke($"{file.Name}: downloading {file.Url}");
        string? digest = null;
        try
        {
            AtomicFile.Write(target, output =>
            {
                using var response = http.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancel).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
                using var input = response.Content.ReadAsStream(cancel);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int n;
                while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    output.Write(buffer, 0, n);
                }
                digest = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (!file.Matches(digest))
                    throw new InvalidDataException($"sha256 {digest} does not match the manifest's {file.ExpectedText}");
            });
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException
                                      or System.Net.Sockets.SocketException or NotSupportedException)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ModelFetchException(
                $"could not fetch {file.Name} from {file.Url} ({reason.ReplaceLineEndings(" ")}); download it by hand and place it at {target}", e);
        }
        log?.Invoke($"{file.Name}: downloaded, sha256 {digest![..16]}… ok");
        return target;
    }
}

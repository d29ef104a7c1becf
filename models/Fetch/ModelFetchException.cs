namespace MmaGan.Models.Fetch;

/// <summary>An official file could not be downloaded; the message (one line) names it and where to place it by hand.</summary>
public sealed class ModelFetchException(string message, Exception? inner = null) : Exception(message, inner);

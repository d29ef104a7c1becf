namespace MmaGan.Shared.IO;

/// <summary>
/// Bad input from the user (a missing, corrupt or wrong-shaped file, a bad flag value). The CLIs print
/// <see cref="Exception.Message"/> as one line — which names the file and what is wrong — and exit non-zero,
/// without a stack trace.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception inner) : base(message, inner) { }

    /// <summary>"PATH: what is wrong".</summary>
    public static InputException ForFile(string path, string problem) => new($"{path}: {problem}");
}

namespace MmaGan.Train.Export;

/// <summary>An export that was written but failed its ONNX Runtime parity check (no output file is left behind).</summary>
public sealed class GeneratorExportException(string message) : Exception(message);

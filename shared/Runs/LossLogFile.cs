namespace MmaGan.Shared.Runs;

/// <summary>
/// Where a training run logs its losses: <c>RUN/losses.csv</c>, one row per logged step (<c>step,epoch,loss_d,loss_g,…</c>).
/// The trainer writes it; <c>mmagan-train plot</c> and <c>compare</c> draw it; the bench reads its last row for a running run's
/// progress and its columns for the sweep's loss plots.
/// </summary>
public static class LossLogFile
{
    public const string FileName = "losses.csv";

    public static string PathOf(string runDir) => Path.Combine(runDir, FileName);
}

namespace MmaGan.Bench.Sweep;

/// <summary>Trains and evaluates one run into its folder (the real one drives the trainer and evaluator processes; tests fake it).</summary>
public interface IRunBackend
{
    /// <summary>Prepares what all runs share (feature models, reference statistics) before the first run; called once.</summary>
    void Prepare(IReadOnlyList<RunSpec> runs, CancellationToken cancel);

    RunResult Execute(RunSpec run, string runDir, CancellationToken cancel);
}

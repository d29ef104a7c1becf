using MmaGan.Train.Methods;

namespace MmaGan.Train.Training;

/// <summary>Receives progress from the training loop (the CLI shows a progress bar; tests ignore it).</summary>
public interface ITrainingObserver
{
    void Started(long fromStep, long totalSteps, string description);
    void Stepped(long step, StepResult result);
    void Note(string message);
}

public sealed class SilentObserver : ITrainingObserver
{
    public static readonly SilentObserver Instance = new();
    public void Started(long fromStep, long totalSteps, string description) { }
    public void Stepped(long step, StepResult result) { }
    public void Note(string message) { }
}

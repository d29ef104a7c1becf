namespace MmaGan.Train.Training;

/// <summary>How a training run ended.</summary>
public enum TrainStatus { Completed, Cancelled, Diverged }

public sealed record TrainOutcome(TrainStatus Status, long Step, string Message, double Seconds);

using TorchSharp;

namespace MmaGan.Train.Training;

/// <summary>
/// The learning rate of step t + 1 (t steps taken) of a run of T steps:
/// none: η_t = η_0;  linear: η_t = η_0 · (1 − t/T), decaying to 0 at the end of the run so that G settles on the modes it
/// found (a short-budget schedule; PacGAN's protocol keeps η constant). A function of the step alone, so a resumed run
/// follows the same schedule.
/// </summary>
public static class LearningRateSchedule
{
    public static readonly string[] Names = ["none", "linear"];

    public static double At(string schedule, double baseRate, long step, long totalSteps) => schedule switch
    {
        "linear" => baseRate * Math.Max(0, 1 - (double)step / totalSteps),
        _ => baseRate,
    };

    /// <summary>Sets every parameter group of <paramref name="optimizer"/> to the rate of the next step.</summary>
    public static void Apply(torch.optim.Optimizer optimizer, string schedule, double baseRate, long step, long totalSteps)
    {
        if (schedule == "none") return;
        foreach (var group in optimizer.ParamGroups) group.LearningRate = At(schedule, baseRate, step, totalSteps);
    }
}

using MmaGan.Train.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MmaGan.Train.Tests.Training;

public class LearningRateScheduleTests
{
    [Theory]
    [InlineData("none", 0, 2e-3)]
    [InlineData("none", 3999, 2e-3)]
    [InlineData("linear", 0, 2e-3)]
    [InlineData("linear", 1000, 1.5e-3)]
    [InlineData("linear", 3999, 5e-7)]
    [InlineData("linear", 4000, 0)]
    public void RateOfTheNextStep(string schedule, long step, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.At(schedule, 2e-3, step, 4000), 12);

    [Fact]
    public void ApplySetsEveryParameterGroupAndNoneLeavesTheRate()
    {
        var w = new TorchSharp.Modules.Parameter(zeros(3));
        var adam = optim.Adam([w], 1e-3);
        LearningRateSchedule.Apply(adam, "none", 1e-3, 50, 100);
        Assert.Equal(1e-3, adam.ParamGroups.Single().LearningRate, 12);
        LearningRateSchedule.Apply(adam, "linear", 1e-3, 25, 100);
        Assert.Equal(7.5e-4, adam.ParamGroups.Single().LearningRate, 12);
    }
}

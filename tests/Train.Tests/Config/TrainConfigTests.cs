using MmaGan.Train.Config;
using Xunit;

namespace MmaGan.Train.Tests.Config;

public class TrainConfigTests
{
    [Fact]
    public void ForMethodGivesWganGpItsOwnOptimizerAndTheOthersThePapers()
    {
        var w = TrainConfig.ForMethod(GanMethod.WganGp);
        Assert.Equal((GanMethod.WganGp, 1e-4, 1e-4, 0.0, 0.9, 5, 10.0), (w.Method, w.LrG, w.LrD, w.Beta1, w.Beta2, w.CriticSteps, w.GpWeight));
        foreach (var m in new[] { GanMethod.Mma, GanMethod.Dcgan })
        {
            var c = TrainConfig.ForMethod(m);
            Assert.Equal((m, 2e-4, 2e-4, 0.5, 0.999), (c.Method, c.LrG, c.LrD, c.Beta1, c.Beta2));
            Assert.Equal(new TrainConfig { Method = m }, c);
        }
    }
}

using MmaGan.Eval.Reports;
using MmaGan.Shared.Metrics;
using Xunit;

namespace MmaGan.Eval.Tests.Reports;

public class ReportRowTests
{
    [Fact]
    public void EveryMetricTogetherGivesAHeaderWithoutRepeatedNames()
    {
        // modes reports its own n (the samples it counted): the row's n column, not a second "n".
        var row = new ReportRow { Metrics = MetricRegistry.All.ToList() };
        Assert.Equal(row.Header.Length, row.Header.Distinct().Count());
        Assert.Equal(row.Header.Length, row.ToFields().Length);
        Assert.Contains("modes_covered", row.Header);
    }
}

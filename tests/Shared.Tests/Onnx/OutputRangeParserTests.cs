using MmaGan.Shared.Onnx;
using Xunit;

namespace MmaGan.Shared.Tests.Onnx;

public class OutputRangeParserTests
{
    [Theory]
    [InlineData("[-1,1]", -1f, 1f)]
    [InlineData("0,1", 0f, 1f)]
    [InlineData(" (0, 255) ", 0f, 255f)]
    public void ParsesLowHigh(string text, float low, float high)
    {
        Assert.True(OutputRangeParser.TryParse(text, out var r));
        Assert.Equal((low, high), r);
    }

    [Fact]
    public void UnboundedIsInfinite()
    {
        Assert.True(OutputRangeParser.TryParse("unbounded", out var r));
        Assert.True(float.IsNegativeInfinity(r.Low) && float.IsPositiveInfinity(r.High));
    }

    [Theory]
    [InlineData("1,-1")]
    [InlineData("a,b")]
    [InlineData("1")]
    [InlineData("")]
    public void RejectsMalformed(string text) => Assert.False(OutputRangeParser.TryParse(text, out _));
}

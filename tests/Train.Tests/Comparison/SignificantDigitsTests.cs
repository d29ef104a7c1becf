using MmaGan.Train.Comparison;
using Xunit;

namespace MmaGan.Train.Tests.Comparison;

public class SignificantDigitsTests
{
    [Theory]
    [InlineData(0.6931471805599453, "0.6931")]
    [InlineData(123.456, "123.5")]
    [InlineData(12345.6, "12346")]
    [InlineData(-1.3862943611198906, "-1.386")]
    [InlineData(37.0, "37")]
    [InlineData(0.0012345678, "0.001235")]
    [InlineData(0.000012345, "1.235e-05")]
    [InlineData(9.99996, "10")]
    [InlineData(0.01, "0.01")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.000012, "1.2e-05")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "")]
    public void FourSignificantDigits(double value, string expected) => Assert.Equal(expected, SignificantDigits.Format(value));
}

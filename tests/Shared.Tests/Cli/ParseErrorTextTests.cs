using MmaGan.Shared.Cli;
using Xunit;

namespace MmaGan.Shared.Tests.Cli;

public class ParseErrorTextTests
{
    [Theory]
    [InlineData("Cannot parse argument 'step_00000100.ckpt' for option '--checkpoint' as expected type 'System.Nullable`1[System.Int64]'.", "--checkpoint 'step_00000100.ckpt': expected a whole number")]
    [InlineData("Cannot parse argument 'x' for option '--lambda' as expected type 'System.Double'.", "--lambda 'x': expected a number")]
    [InlineData("Unrecognized command or argument 'foo'.", "Unrecognized command or argument 'foo'.")]
    public void WrongKindsOfValue_ReadWithoutTypeNames(string message, string expected) => Assert.Equal(expected, ParseErrorText.Humanize(message));
}

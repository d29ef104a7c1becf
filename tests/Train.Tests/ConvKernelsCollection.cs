using Xunit;

namespace MmaGan.Train.Tests;

/// <summary>Tests that switch the process-wide convolution path (<see cref="Runtime.ConvKernels"/>) or train conv nets
/// run one at a time, so no test sees the path change under it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConvKernelsCollection
{
    public const string Name = "conv kernels";
}

using MmaGan.Bench.Cluster;
using MmaGan.Shared.IO;
using Xunit;

namespace MmaGan.Bench.Tests.Cluster;

public class SlurmJobSettingsTests
{
    [Theory]
    [InlineData(0, null, null, null, "--array-size must be at least 1, got 0")]
    [InlineData(2, "1:00", null, null, "--time '1:00': expected HH:MM:SS or D-HH:MM:SS (e.g. 12:00:00)")]
    [InlineData(2, "01:60:00", null, null, "--time '01:60:00': expected HH:MM:SS or D-HH:MM:SS (e.g. 12:00:00)")]
    [InlineData(2, null, "4GB", null, "--mem '4GB': expected a size such as 4G, 16000M or 8000")]
    [InlineData(2, null, null, "gpu a100", "--partition 'gpu a100': expected a Slurm partition name (letters, digits, '-', '_', '.', ',')")]
    public void BadFlags_AreOneLineErrors(int arraySize, string? time, string? mem, string? partition, string message)
    {
        var s = new SlurmJobSettings { ArraySize = arraySize, Time = time, Mem = mem, Partition = partition };
        Assert.Equal(message, Assert.Throws<InputException>(s.Check).Message);
    }

    [Fact]
    public void GoodFlags_Pass() =>
        new SlurmJobSettings { ArraySize = 87, Time = "2-00:00:00", Mem = "16000M", Partition = "gpu,gpu-long", CpusPerTask = 4, GpusPerTask = 0 }.Check();

    [Theory]
    [InlineData(null, null, 1)]
    [InlineData(4, null, 4)]
    [InlineData(8, 1, 1)]
    [InlineData(8, 2, 1)]
    public void JobsPerTask_IsOneWithGpusElseOnePerCpu(int? cpus, int? gpus, int jobs) =>
        Assert.Equal(jobs, new SlurmJobSettings { CpusPerTask = cpus, GpusPerTask = gpus }.JobsPerTask);
}

using MmaGan.Shared.Models;
using Xunit;

namespace MmaGan.Shared.Tests.Models;

public class ModelsFolderTests
{
    [Fact]
    public void Override_WinsOverTheRepository_ThenRepositoryModels_ThenWorkingDirectory()
    {
        Assert.Equal("/elsewhere/m", ModelsFolder.Resolve("/elsewhere/m", "/repo"));
        Assert.Equal("/repo/models", ModelsFolder.Resolve(null, "/repo"));
        Assert.Equal("/repo/models", ModelsFolder.Resolve("  ", "/repo"));
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "models"), ModelsFolder.Resolve(null, null));
    }

    [Fact]
    public void TheRepositoryIsFoundFromTheExecutable_WhateverTheWorkingDirectory()
    {
        var root = ModelsFolder.RepoRoot();
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "MmaGan.sln")));
    }
}

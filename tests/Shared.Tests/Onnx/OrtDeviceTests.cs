using MmaGan.Shared.IO;
using MmaGan.Shared.Onnx;
using Xunit;

namespace MmaGan.Shared.Tests.Onnx;

public class OrtDeviceTests
{
    [Theory]
    [InlineData("cpu", null)]
    [InlineData("CPU", null)]
    [InlineData("cuda", 0)]
    [InlineData("cuda:0", 0)]
    [InlineData("CUDA:3", 3)]
    public void ParsesCpuCudaAndCudaN(string text, int? id)
    {
        var d = OrtDevice.Parse(text);
        Assert.Equal(id, d.CudaId);
        Assert.Equal(id is not null, d.IsCuda);
        Assert.Equal(text, d.Text);
        Assert.Equal(id is { } n ? $"cuda:{n}" : "cpu", d.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:1:2")]
    public void AnythingElseIsOneLineNamingTheOption(string text)
    {
        var e = Assert.Throws<InputException>(() => OrtDevice.Parse(text, "eval.device"));
        Assert.Equal($"eval.device '{text}': expected cpu, cuda or cuda:N (N = CUDA device number, 0 first)", e.Message);
        Assert.False(OrtDevice.IsValid(text));
    }

    [Fact]
    public void TheLoaderErrorNamesTheMissingLibrary()
    {
        // ONNX Runtime 1.32's message for the GPU build on a machine without CUDA (seen here)
        const string message = "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2059 onnxruntime::Provider& " +
            "onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /x/runtimes/linux-x64/native/" +
            "libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";
        Assert.Equal("libcublasLt.so.13", CudaLibraries.MissingIn(message));
        Assert.Null(CudaLibraries.MissingIn("CUDA failure 100: no CUDA-capable device is detected"));
        Assert.StartsWith("Failed to load library /x/", OrtErrors.Reason(message));
        Assert.Equal("Load model from m.onnx failed: bad", OrtErrors.Reason("[ErrorCode:InvalidProtobuf] Load model from m.onnx failed: bad"));
    }

    [Fact]
    public void TheCudaProviderOptionsAreTheDocumentedOnes()
    {
        Assert.Equal("device_id=2, cudnn_conv_algo_search=EXHAUSTIVE, arena_extend_strategy=kSameAsRequested, do_copy_in_default_stream=1",
            CudaProviderSettings.Default.Describe(2));
    }
}

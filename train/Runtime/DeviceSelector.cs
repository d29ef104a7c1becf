using MmaGan.Shared.IO;
using TorchSharp;

namespace MmaGan.Train.Runtime;

/// <summary>
/// Resolves <c>--device cpu|cuda|cuda:N</c>. CUDA needs the trainer's CUDA build (<c>make build TRAIN_CUDA=1</c>, which
/// swaps libtorch-cpu for TorchSharp-cuda-linux — a package that must come from a NuGet feed serving it) and a device.
/// The evaluator's GPU build (<c>make build GPU=1</c>, ONNX Runtime) is a separate switch and does not change the trainer.
/// </summary>
public static class DeviceSelector
{
#if MMAGAN_TORCH_CUDA
    public static readonly bool CudaBuild = true;
#else
    public static readonly bool CudaBuild = false;
#endif

    /// <summary>The one line a CPU build of the trainer gives for <c>--device cuda</c>.</summary>
    public const string CpuBuildMessage =
        "this is the CPU build of mmagan-train (TorchSharp with libtorch-cpu); the CUDA build needs TorchSharp-cuda-linux " +
        "and libtorch-cuda from a NuGet feed that serves them: `make build TRAIN_CUDA=1` on a machine with CUDA";

    public static torch.Device Resolve(string device)
    {
        switch (device.ToLowerInvariant())
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
            case var d when d.StartsWith("cuda:"):
                if (!CudaBuild)
                    throw new InputException($"--device {device}: {CpuBuildMessage}");
                if (!torch.cuda.is_available())
                    throw new InputException($"--device {device}: no CUDA device is available on this machine");
                return torch.device(device);
            default:
                throw new InputException($"--device: unknown device '{device}' (expected cpu, cuda or cuda:N)");
        }
    }
}

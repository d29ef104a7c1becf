using MmaGan.Shared.IO;
using TorchSharp;

namespace MmaGan.Train.Runtime;

/// <summary>Resolves <c>--device cpu|cuda</c>; CUDA needs the GPU build (<c>make build GPU=1</c>) and a device.</summary>
public static class DeviceSelector
{
#if MMAGAN_GPU
    public static readonly bool GpuBuild = true;
#else
    public static readonly bool GpuBuild = false;
#endif

    public static torch.Device Resolve(string device)
    {
        switch (device.ToLowerInvariant())
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
            case var d when d.StartsWith("cuda:"):
                if (!GpuBuild)
                    throw new InputException("--device cuda: this is the CPU build; rebuild with `make build GPU=1` on a machine with CUDA");
                if (!torch.cuda.is_available())
                    throw new InputException("--device cuda: no CUDA device is available on this machine");
                return torch.device(device);
            default:
                throw new InputException($"--device: unknown device '{device}' (expected cpu or cuda)");
        }
    }
}

using Xunit;

// The trainer's tests share process-wide state: libtorch's global RNG (networks are initialised under torch.manual_seed)
// and the thread count. Run them one at a time so no test sees another's random draws or settings mid-run (bit-identical
// reruns are asserted). (The convolution path is each network's own: Networks.ConvRoutedSequential.Path.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]

#!/usr/bin/env bash
# make bench: speed figures, each as a ratio against a baseline measured in the same run.
#  - trainer: DCGAN-32 MMA-GAN step (B = M = 64, K = 8) through the Trainer vs a bare TorchSharp loop;
#  - convolution paths: the same step with oneDNN, GEMM convolutions and oneDNN capped at SSE4.1 (child processes);
#  - evaluator: FID on two 2048-d statistics; feature extraction vs a bare ONNX Runtime loop.
# Figures go to stdout; docs/benchmarks.md records them with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== trainer (bin/mmagan-train bench)"
bin/mmagan-train bench
echo
echo "== convolution paths (bin/mmagan-train bench-kernels): oneDNN, the GEMM safe path, oneDNN capped at SSE4.1"
bin/mmagan-train bench-kernels --steps 5 --rounds 3
echo
echo "== evaluator (bin/mmagan-eval bench)"
bin/mmagan-eval bench

#!/usr/bin/env bash
# make bench: speed figures, each as a ratio against a baseline measured in the same run.
#  - trainer: DCGAN-32 MMA-GAN step (B = M = 64, K = 8) through the Trainer vs a bare TorchSharp loop;
#  - convolution paths: the same step with oneDNN, GEMM convolutions and oneDNN capped at SSE4.1 (child processes);
#  - evaluator: FID on two 2048-d statistics; feature extraction vs a bare ONNX Runtime loop;
#  - the C#-built FID Inception-v3 (from the fixture's random weights: speed does not depend on the values) through the
#    same evaluator bench (this replaced the images/s assertion the Models tests used to make).
# Figures go to stdout; docs/benchmarks.md records them with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== trainer (bin/mmagan-train bench)"
bin/mmagan-train bench
echo
echo "== convolution paths (bin/mmagan-train bench kernels): oneDNN, the GEMM safe path, oneDNN capped at SSE4.1"
bin/mmagan-train bench kernels --steps 5 --rounds 3
echo
echo "== evaluator (bin/mmagan-eval bench)"
bin/mmagan-eval bench

shared="${MMAGAN_SHARED:-../shared}"
weights="$shared/fixtures/reference/fid_inception_random.pth"
if [[ -f "$weights" ]]; then
  echo
  echo "== FID Inception-v3 built in C# (bin/mmagan-eval models build-fid, then bench --n 96 --batch 16)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  bin/mmagan-eval models build-fid --weights "$weights" --out "$tmp/fid-random.onnx"
  bin/mmagan-eval bench --inception "$tmp/fid-random.onnx" --n 96 --batch 16 --source "$shared/data/cifar10"
fi

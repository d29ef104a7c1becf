#!/usr/bin/env bash
# make bench: speed figures, each as a ratio against a baseline measured in the same run.
#  - trainer: DCGAN-32 MMA-GAN step (B = M = 64, K = 8) through the Trainer vs a bare TorchSharp loop;
#  - convolution paths: the same step with oneDNN, GEMM convolutions and oneDNN capped at SSE4.1 (child processes);
#  - evaluator: FID on two 2048-d statistics; feature extraction vs a bare ONNX Runtime loop;
#  - the C#-built FID Inception-v3 (from the fixture's random weights: speed does not depend on the values) through the
#    same evaluator bench (this replaced the images/s assertion the Models tests used to make);
#  - DINOv2 ViT-S/14 (both preprocessing conventions), ViT-L/14 and CLIP ViT-B/32 as random-weight twins built in C#
#    (bench --feature-net): pipeline (decode → resize outside the network → ONNX Runtime → statistics) vs bare ONNX
#    Runtime on the same, already resized batches, and bare ORT's GFLOP/s.
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

cifar="$shared/data/cifar10"
if [[ -d "$cifar" ]]; then
  echo
  echo "== DINOv2 ViT-S/14, dgm-eval preprocessing (bin/mmagan-eval bench --feature-net dinov2-vits14 --n 96 --batch 16)"
  bin/mmagan-eval bench --feature-net dinov2-vits14 --n 96 --batch 16 --source "$cifar"
  echo
  echo "== DINOv2 ViT-S/14, torch-fidelity preprocessing (… --preprocess torch-fidelity)"
  bin/mmagan-eval bench --feature-net dinov2-vits14 --preprocess torch-fidelity --n 96 --batch 16 --source "$cifar"
  echo
  echo "== CLIP ViT-B/32, clean-fid's CLIP-FID preprocessing (bin/mmagan-eval bench --feature-net clip-vit-b32 --n 96 --batch 16)"
  bin/mmagan-eval bench --feature-net clip-vit-b32 --n 96 --batch 16 --source "$cifar"
  echo
  echo "== DINOv2 ViT-L/14 (dgm-eval's FD-DINOv2 network; bin/mmagan-eval bench --feature-net dinov2-vitl14 --n 16 --batch 8)"
  bin/mmagan-eval bench --feature-net dinov2-vitl14 --n 16 --batch 8 --source "$cifar"
fi


# MmaGan — build, test, demo and benchmarks. On a fresh machine only the .NET SDK and g++ are needed;
# `make build` restores NuGet packages and patches TorchSharp's native library where the system
# libstdc++ is too old (see README "Troubleshooting").
#
# CUDA switches (independent; README "GPU"): GPU=1 gives the evaluator ONNX Runtime's CUDA build
# (Microsoft.ML.OnnxRuntime.Gpu.Linux, ≈ 300 MB); TRAIN_CUDA=1 gives the trainer TorchSharp-cuda-linux (from a feed that
# serves it). A CUDA flavour builds into each project's bin/FLAVOUR/ (gpu, train-cuda, gpu-train-cuda) beside the CPU
# build, and the bin/ launchers point at the flavour of the last `make build` (or test, demo, bench): `make test` without
# GPU=1 rebuilds and tests the CPU flavour, whatever was built before.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
CONFIG ?= Release
GPU ?= 0
TRAIN_CUDA ?= 0
gpu := $(filter 1 true,$(GPU))
train_cuda := $(filter 1 true,$(TRAIN_CUDA))
FLAVOUR := $(if $(gpu),$(if $(train_cuda),gpu-train-cuda,gpu),$(if $(train_cuda),train-cuda,))
FLAVOUR_FLAGS := $(if $(gpu),-p:Gpu=true,) $(if $(train_cuda),-p:TrainCuda=true,)
DOTNET_FLAGS := -c $(CONFIG) -nologo -v:q $(FLAVOUR_FLAGS)
# Where a project's build output is: PROJECT/$(OUT)/assembly.dll
OUT := bin/$(if $(FLAVOUR),$(FLAVOUR)/,)$(CONFIG)/net10.0
SHARED ?= $(abspath ../shared)
export MMAGAN_SHARED ?= $(SHARED)
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

LAUNCHERS := bin/mmagan-train bin/mmagan-eval bin/mmagan-bench

.PHONY: all build build-gpu-check test test-slurm demo bench models clean format
all: build

build:
	dotnet build MmaGan.sln $(DOTNET_FLAGS)
	@mkdir -p bin
	@tools/write-launcher.sh bin/mmagan-train train/$(OUT)/mmagan-train.dll
	@tools/write-launcher.sh bin/mmagan-eval eval/$(OUT)/mmagan-eval.dll
	@tools/write-launcher.sh bin/mmagan-bench bench/$(OUT)/mmagan-bench.dll
	@echo "bin/ launchers: the $(or $(FLAVOUR),cpu) build$(if $(gpu), (mmagan-eval on ONNX Runtime CUDA; make build for the CPU one),)"

# The evaluator's GPU build (GPU=1: Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0, ≈ 300 MB download) compiles, into bin/gpu/ beside
# the CPU build (the bin/ launchers are left alone), and its device tests pass: on a machine without CUDA, --device cuda is
# one line naming the missing library (exit 2) and `doctor` reports the GPU build; with CUDA, the same model gives the CPU's
# numbers on the GPU. Not part of `make test` (the download); a minute or two after the first restore.
build-gpu-check:
	dotnet build MmaGan.sln -c $(CONFIG) -nologo -v:q -p:Gpu=true
	dotnet test tests/Eval.Tests -c $(CONFIG) -nologo -v:q -p:Gpu=true --no-build --filter "Category=OrtDevice" \
	  --logger "console;verbosity=normal" 2>&1 | tools/test-summary.sh
	dotnet eval/bin/gpu/$(CONFIG)/net10.0/mmagan-eval.dll doctor

# Unit and fixture tests (xunit). Uses ../shared (override with SHARED=/path).
test: build
	dotnet test MmaGan.sln $(DOTNET_FLAGS) --no-build --logger "console;verbosity=normal" 2>&1 | tools/test-summary.sh

# `mmagan-bench slurm` against a real one-node Slurm (tools/slurm-local.sh; installs slurm-wlm with apt-get when missing,
# needs root): the toy-smoke sweep as a 4-task job array + merge must give the same results.csv as a local run. A few minutes.
test-slurm: build
	tools/test-slurm.sh

# The main job end to end on built-in data: MMA-GAN vs DCGAN on the 25-Gaussian grid.
demo: build
	tools/demo.sh

# Speed: trainer step vs a bare TorchSharp loop, evaluator vs bare ONNX Runtime (ratios in the same run).
bench: build
	tools/bench.sh

# Pretrained FID Inception-v3 (pytorch-fid's and clean-fid's clean convention) and LPIPS ONNX models from the official
# weight files (needs the network, or the files placed by hand in models/downloads/; see models/README.md).
# MODELS=all (or e.g. MODELS=fid,dinov2,clip) also builds DINOv2 ViT-L/14 and CLIP ViT-B/32.
# The digit classifier that counts Stacked MNIST's modes is trained here from ../shared's MNIST (when missing; ≈ 4 CPU-min).
MODELS ?=
models: build
	@[ -f "$${MMAGAN_MODELS:-models}/mnist-classifier.onnx" ] || bin/mmagan-train classifier --data mnist:$(SHARED)/data/mnist/t10k-images-idx3-ubyte.gz
	bin/mmagan-eval models fetch-and-build $(if $(MODELS),--models $(MODELS),)

format:
	dotnet format MmaGan.sln

clean:
	dotnet clean MmaGan.sln -nologo -v:q || true
	dotnet clean MmaGan.sln -nologo -v:q -p:Gpu=true || true
	rm -rf bin

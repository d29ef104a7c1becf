# MmaGan — build, test, demo and benchmarks. On a fresh machine only the .NET SDK and g++ are needed;
# `make build` restores NuGet packages and patches TorchSharp's native library where the system
# libstdc++ is too old (see README "Troubleshooting").
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
CONFIG ?= Release
GPU ?= 0
DOTNET_FLAGS := -c $(CONFIG) -nologo -v:q $(if $(filter 1 true,$(GPU)),-p:Gpu=true,)
SHARED ?= $(abspath ../shared)
export MMAGAN_SHARED ?= $(SHARED)
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

LAUNCHERS := bin/mmagan-train bin/mmagan-eval bin/mmagan-bench

.PHONY: all build test test-slurm demo bench models clean format
all: build

build:
	dotnet build MmaGan.sln $(DOTNET_FLAGS)
	@mkdir -p bin
	@tools/write-launcher.sh bin/mmagan-train train/bin/$(CONFIG)/net10.0/mmagan-train.dll
	@tools/write-launcher.sh bin/mmagan-eval eval/bin/$(CONFIG)/net10.0/mmagan-eval.dll
	@tools/write-launcher.sh bin/mmagan-bench bench/bin/$(CONFIG)/net10.0/mmagan-bench.dll

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

# Pretrained FID Inception-v3 and LPIPS ONNX models from the official weight files (needs the network,
# or the files placed by hand in models/downloads/; see models/README.md).
# The digit classifier that counts Stacked MNIST's modes is trained here from ../shared's MNIST (when missing; ≈ 4 CPU-min).
models: build
	@[ -f "$${MMAGAN_MODELS:-models}/mnist-classifier.onnx" ] || bin/mmagan-train classifier --data mnist:$(SHARED)/data/mnist/t10k-images-idx3-ubyte.gz
	bin/mmagan-eval models fetch-and-build

format:
	dotnet format MmaGan.sln

clean:
	dotnet clean MmaGan.sln -nologo -v:q || true
	rm -rf bin

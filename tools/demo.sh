#!/usr/bin/env bash
# make demo: the main job end to end on built-in data. Trains MMA-GAN (K = 8, λ = 0.5, τ = 0.5) and its DCGAN baseline
# on the 25-Gaussian grid (both at once, one thread each), exports both generators to ONNX (each export is checked against
# TorchSharp in ONNX Runtime), scores the exported ONNX files with the evaluator, and compares them in a table plus one
# scatter over the 25 true centres (demo/scatter.png). A few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${DEMO_OUT:-demo}
steps=${DEMO_STEPS:-8000}
rm -rf "$out"; mkdir -p "$out"
common=(--data grid25 --steps "$steps" --lr-g 1e-3 --lr-d 1e-3 --seed 42 --threads 1
        --sample-every 2000 --metrics-every 1000 --checkpoint-every 2000)
echo "== training MMA-GAN and DCGAN on grid25 ($steps steps each, in parallel)"
bin/mmagan-train --method mma --k 8 --lambda 0.5 --tau 0.5 --out "$out/mma" "${common[@]}" > "$out/mma.log" 2>&1 &
mma=$!
bin/mmagan-train --method dcgan --out "$out/dcgan" "${common[@]}" > "$out/dcgan.log" 2>&1 &
dcgan=$!
status=0
wait $mma || { status=$?; echo "MMA-GAN training failed:"; tail -5 "$out/mma.log"; }
wait $dcgan || { status=$?; echo "DCGAN training failed:"; tail -5 "$out/dcgan.log"; }
[ $status = 0 ] || exit $status
tail -1 "$out/mma.log"; tail -1 "$out/dcgan.log"
if [ -f "$out/mma/generator.onnx" ]; then
  echo; echo "== evaluator on the exported ONNX generators (bin/mmagan-eval toy)"
  for run in mma dcgan; do echo -n "$run: "; bin/mmagan-eval toy "$out/$run/generator.onnx" --data grid25 --json | tail -1; done
fi
echo; echo "== comparison (2,500 samples each from the final checkpoints)"
bin/mmagan-train toy-report "$out/mma" "$out/dcgan" --out "$out/scatter.png"

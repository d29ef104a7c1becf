#!/usr/bin/env bash
# make demo: the main job end to end on built-in data. Trains the GAN baseline, PacGAN2 and MMA-GAN (K = 8, λ = 0.5, τ = 0.5)
# on the 25-Gaussian grid with PacGAN's toy networks (--toy-net pacgan: z ∈ R², G 4 × [Linear 400, BN, ReLU], D 3 × maxout(200, 5)),
# all three at once (one thread each), exports the generators to ONNX (each export is checked against TorchSharp in ONNX
# Runtime), scores the exported ONNX files with the evaluator, and compares them in a table plus one scatter over the 25 true
# centres (demo/scatter.png).
# Budget: a demo, not the protocol — DEMO_STEPS (default 4,000) steps at Adam 2e-3 decaying linearly to 0 (--lr-decay linear),
# β1 0.5, batch 100 from a fresh sample stream, simultaneous D/G updates and G's batch-norm statistics refreshed before each
# evaluation (both PacGAN's), where PacGAN's protocol (train/experiments/toy-pacgan-protocol.json) uses a constant Adam 1e-4,
# β1 0.8, a fixed training set and 100× the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${DEMO_OUT:-demo}
steps=${DEMO_STEPS:-4000}
rm -rf "$out"; mkdir -p "$out"
common=(--data grid25 --toy-net pacgan --steps "$steps" --lr-g 2e-3 --lr-d 2e-3 --lr-decay linear --beta1 0.5 --batch 100 --seed 42 --threads 1
        --sample-every 1000 --metrics-every 500 --checkpoint-every 1000)
echo "== training GAN, PacGAN2 and MMA-GAN on grid25 with PacGAN's toy networks ($steps steps each, in parallel)"
bin/mmagan-train --method dcgan --out "$out/gan" "${common[@]}" > "$out/gan.log" 2>&1 &
gan=$!
bin/mmagan-train --method dcgan --pack 2 --out "$out/pacgan2" "${common[@]}" > "$out/pacgan2.log" 2>&1 &
pacgan2=$!
bin/mmagan-train --method mma --k 8 --lambda 0.5 --tau 0.5 --div-batch 100 --out "$out/mma" "${common[@]}" > "$out/mma.log" 2>&1 &
mma=$!
status=0
wait $gan || { status=$?; echo "GAN training failed:"; tail -5 "$out/gan.log"; }
wait $pacgan2 || { status=$?; echo "PacGAN2 training failed:"; tail -5 "$out/pacgan2.log"; }
wait $mma || { status=$?; echo "MMA-GAN training failed:"; tail -5 "$out/mma.log"; }
[ $status = 0 ] || exit $status
tail -1 "$out/gan.log"; tail -1 "$out/pacgan2.log"; tail -1 "$out/mma.log"
if [ -f "$out/gan/generator.onnx" ]; then
  echo; echo "== evaluator on the exported ONNX generators (bin/mmagan-eval toy)"
  for run in gan pacgan2 mma; do echo -n "$run: "; bin/mmagan-eval toy "$out/$run/generator.onnx" --data grid25 --json | tail -1; done
fi
echo; echo "== comparison (2,500 samples each from the final checkpoints)"
bin/mmagan-train toy-report "$out/gan" "$out/pacgan2" "$out/mma" --out "$out/scatter.png"

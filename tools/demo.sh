#!/usr/bin/env bash
# make demo: the main job end to end on built-in data, about 5 minutes on 2 idle cores (8 on a fresh clone: the build and the
# digit classifier, trained once; measured in docs/results-stacked-mnist.md).
# 1. Images — Stacked MNIST (three MNIST digits as R, G, B: 1,000 modes; PacGAN's image-scale mode-collapse benchmark):
#    the digit classifier that counts the modes (models/mnist-classifier.onnx, trained now if missing), DCGAN and MMA-GAN
#    (K = 16, λ = 1, τ = 0.7) with PacGAN's Stacked MNIST networks trained side by side (one thread each), exported (each export
#    checked against TorchSharp in ONNX Runtime) and scored by `mmagan-eval run` — modes covered, KL to uniform, the Fréchet
#    distance in the classifier's features against real stacked samples, LPIPS diversity — into one CSV (demo/stacked-mnist.csv),
#    with their sample grids (demo/*/samples/).
#    Budget: a demo, not the protocol — DEMO_STEPS (default 1,500) steps at Adam 1e-3 for both networks (the protocol: D 2e-4,
#    G 1e-4 for 500,000 iterations; train/experiments/stacked-mnist-pacgan.json), D half of G's size (--d-size 0.5), and
#    DEMO_SAMPLES (10,000) samples scored, so the numbers show the pipeline working, not the comparison
#    (docs/results-stacked-mnist.md holds that).
# 2. Toys — GAN, PacGAN2 and MMA-GAN on PacGAN's ring (8 Gaussians of σ 0.01 on the unit circle) with PacGAN's toy networks
#    (--toy-net pacgan), DEMO_TOY_STEPS (default 3,000) steps at Adam 1e-3 decaying linearly to 0, one scatter panel per method
#    (demo/ring.png) and the toy metrics table.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${DEMO_OUT:-demo}
steps=${DEMO_STEPS:-1500}
samples=${DEMO_SAMPLES:-10000}
toy_steps=${DEMO_TOY_STEPS:-3000}
shared=${MMAGAN_SHARED:-../shared}
mnist="$shared/data/mnist/t10k-images-idx3-ubyte.gz"
models=${MMAGAN_MODELS:-models}
rm -rf "$out"; mkdir -p "$out"

classifier="$models/mnist-classifier.onnx"
classifier_pid=""
if [ ! -f "$classifier" ]; then
  # Needed only when the images are scored: it trains beside the GANs.
  echo "== training the digit classifier beside the GANs (once; kept in $classifier): Keras' mnist_cnn on 8,000 MNIST digits, accuracy on the other 2,000"
  bin/mmagan-train classifier --data "mnist:$mnist" --out "$classifier" > "$out/classifier.log" 2>&1 &
  classifier_pid=$!
fi
lpips="$models/lpips-alex.onnx"
lpips_note=""
if [ ! -f "$lpips" ]; then
  # No official AlexNet weights here: the LPIPS network gets a random-weight AlexNet trunk (the official architecture) and the real
  # LPIPS v0.1 linear layers, so its diversity values check the pipeline and are not comparable with published LPIPS.
  lpips="$out/lpips-alex-random-trunk.onnx"
  bin/mmagan-eval models build-lpips --trunk "$shared/fixtures/reference/alexnet_features_random.pth" \
      --lin "$shared/weights/lpips-v0.1/alex.pth" --out "$lpips" > /dev/null 2>&1
  lpips_note=" (LPIPS with a random-weight AlexNet trunk: a pipeline check, not comparable with published values)"
fi

# Each Stacked MNIST run is scored as soon as it is trained (and the classifier is there), while the other still trains;
# the ring runs fill the cores' idle time at a lower priority. Output is printed in a fixed order at the end of each stage.
echo "== training DCGAN and MMA-GAN on Stacked MNIST, PacGAN's networks with D = 1/2 G ($steps steps each, in parallel), each scored"
echo "   by mmagan-eval run --metrics modes,fd-classifier,lpips ($samples samples) once trained$lpips_note;"
echo "   GAN, PacGAN2 and MMA-GAN on PacGAN's ring with PacGAN's toy networks ($toy_steps steps each) beside them"
common=(--data "stacked-mnist:$mnist" --d-size 0.5 --steps "$steps" --lr-g 1e-3 --lr-d 1e-3 --seed 42 --threads 1
        --sample-every 500 --checkpoint-every "$steps" --bn-recalibration 20)
wait_for_classifier() {
  if [ -n "$classifier_pid" ]; then while kill -0 "$classifier_pid" 2> /dev/null; do sleep 1; done; fi
  [ -f "$classifier" ] || { echo "the digit classifier was not trained:"; tail -5 "$out/classifier.log"; return 1; }
}
train_and_score() {   # NAME TRAINER-FLAGS…
  local run=$1; shift
  bin/mmagan-train "$@" --out "$out/$run" "${common[@]}" > "$out/$run.log" 2>&1 || { echo "$run training failed:"; tail -5 "$out/$run.log"; return 1; }
  wait_for_classifier || return 1
  MMAGAN_PROGRESS=off bin/mmagan-eval run --generator "$out/$run/generator.onnx" --n "$samples" --metrics modes,fd-classifier,lpips \
      --reference "stacked-mnist:$mnist" --n-ref "$samples" --classifier "$classifier" --lpips "$lpips" --threads 1 \
      --out "$out/stacked-mnist.csv" 2> "$out/eval-$run.log" | sed "s|^|$run: |" > "$out/score-$run.txt" \
    || { echo "$run scoring failed:"; tail -5 "$out/eval-$run.log"; return 1; }
}
train_and_score dcgan --method dcgan > "$out/dcgan.out" 2>&1 &
dcgan=$!
train_and_score mma --method mma --k 16 --lambda 1 --tau 0.7 > "$out/mma.out" 2>&1 &
mma=$!
( wait_for_classifier && MMAGAN_PROGRESS=off nice -n 10 bin/mmagan-eval modes "stacked-mnist:$mnist" --n "$samples" \
    --classifier "$classifier" --threads 1 ) > "$out/real.txt" 2>&1 &
real=$!
toy=(--data ring8-pacgan --toy-net pacgan --steps "$toy_steps" --lr-g 1e-3 --lr-d 1e-3 --lr-decay linear --beta1 0.5 --batch 100 --seed 42
     --threads 1 --sample-every "$toy_steps" --metrics-every 500 --checkpoint-every "$toy_steps")
nice -n 10 bin/mmagan-train --method dcgan --out "$out/ring-gan" "${toy[@]}" > "$out/ring-gan.log" 2>&1 &
toys=($!)
nice -n 10 bin/mmagan-train --method dcgan --pack 2 --out "$out/ring-pacgan2" "${toy[@]}" > "$out/ring-pacgan2.log" 2>&1 &
toys+=($!)
nice -n 10 bin/mmagan-train --method mma --k 8 --lambda 0.5 --tau 0.5 --div-batch 100 --out "$out/ring-mma" "${toy[@]}" > "$out/ring-mma.log" 2>&1 &
toys+=($!)

status=0
wait $dcgan || status=1
wait $mma || status=1
if [ -n "$classifier_pid" ]; then grep -E "epoch (4|8|12|16)/|held-out accuracy [0-9.]+% on" "$out/classifier.log" || true; fi
cat "$out/dcgan.out" "$out/mma.out"
[ $status = 0 ] || exit 1
tail -1 "$out/dcgan.log"; tail -1 "$out/mma.log"
cat "$out/score-dcgan.txt" "$out/score-mma.txt"   # both appended to one report (appends take the report's lock)
wait $real || { echo "scoring the real stacked samples failed:"; cat "$out/real.txt"; exit 1; }
real_line=$(tail -1 "$out/real.txt")
echo "real stacked samples: ${real_line#*: }"
rm -f "$out"/{dcgan,mma}.out "$out"/score-{dcgan,mma}.txt "$out/real.txt"

for t in "${toys[@]}"; do wait "$t" || { echo "toy training failed:"; tail -3 "$out"/ring-*.log; exit 1; }; done
echo; echo "== the ring: one panel per method (2,500 samples each from the exported generators' checkpoints)"
bin/mmagan-train toy-report "$out/ring-gan" "$out/ring-pacgan2" "$out/ring-mma" --out "$out/ring.png"
echo; echo "Stacked MNIST report: $out/stacked-mnist.csv; sample grids: $out/dcgan/samples/, $out/mma/samples/; ring: $out/ring.png"

#!/usr/bin/env bash
# learning-curve.sh RUN_DIR [CLASSIFIER] — Stacked MNIST modes and KL at every checkpoint of a run: exports each checkpoint's
# generator (mmagan-train export, with its parity check) and scores it (mmagan-eval modes, 25,600 samples, latent seed 42).
# Appends "step,modes_covered,kl_to_uniform" to RUN_DIR/curve.csv, skipping steps already there (re-run to continue).
set -euo pipefail
run=$1; classifier=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$run/curve.csv"
header="step,modes_covered,kl_to_uniform"
[ -f "$out" ] || echo "$header" > "$out"
if [ "$(head -1 "$out")" != "$header" ]; then
  echo "error: $out: columns $(head -1 "$out") (a sweep's every_checkpoint curve?), not $header: score into another run folder" >&2; exit 2
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ckpt in "$run"/checkpoints/step_*.ckpt; do
  step=$((10#$(basename "$ckpt" .ckpt | sed 's/step_//')))
  grep -q "^$step," "$out" && continue
  "$root/bin/mmagan-train" export "$run" --checkpoint "$step" --out "$tmp/g.onnx" > /dev/null
  json=$(MMAGAN_PROGRESS=off "$root/bin/mmagan-eval" modes "$tmp/g.onnx" ${classifier:+--classifier "$classifier"} --threads 1 --json | tail -1)
  python3 -c "import json,sys; j=json.loads(sys.argv[1]); print(f\"$step,{j['modes_covered']},{j['kl_to_uniform']}\")" "$json" >> "$out"
  tail -1 "$out"
done

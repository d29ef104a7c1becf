#!/usr/bin/env bash
# make test-slurm: `mmagan-bench slurm` against a real Slurm. Starts the one-node cluster of tools/slurm-local.sh, submits
# the toy-smoke sweep as a 4-task job array plus its merge job, waits for both, runs the same sweep locally with
# `mmagan-bench run`, and checks that both results.csv have the same rows and metrics (same seeds and threads → identical
# numbers; only the timing and run_dir columns may differ). Stops Slurm and removes its folders on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${TEST_SLURM_CONFIG:-train/experiments/toy-smoke.json}
limit=${TEST_SLURM_TIMEOUT:-480}   # seconds to wait for the two Slurm jobs
work=$(mktemp -d "${TMPDIR:-/tmp}/mmagan-test-slurm.XXXXXX")
start=$SECONDS
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }
cleanup() { tools/slurm-local.sh stop > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

tools/slurm-local.sh start
eval "$(tools/slurm-local.sh env)"

echo "== on Slurm: bin/mmagan-bench slurm $config --out DIR --array-size 4 --submit"
bin/mmagan-bench slurm "$config" --out "$work/slurm" --array-size 4 --submit --json | tee "$work/submit.log"
array=$(tail -1 "$work/submit.log" | sed -n 's/.*"array_job":"\([0-9]*\)".*/\1/p')
merge=$(tail -1 "$work/submit.log" | sed -n 's/.*"merge_job":"\([0-9]*\)".*/\1/p')
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in the output of mmagan-bench slurm"
waited=0
while [ -n "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ]; do
  [ "$waited" -lt "$limit" ] || { squeue; fail "jobs $array and $merge still queued or running after $limit s"; }
  [ $((waited % 30)) = 0 ] && echo "  $(squeue -h -t R -o %i | wc -l) running, $(squeue -h -t PD -o %i | wc -l) pending after ${waited} s"
  sleep 5; waited=$((waited + 5))
done
echo "  both jobs left the queue after ${waited} s"
if [ ! -f "$work/slurm/results.csv" ]; then
  for log in "$work"/slurm/slurm/logs/*.out; do echo "--- $log"; tail -5 "$log"; done
  fail "no merged results.csv (a task or the merge job failed; logs above)"
fi

echo "== locally: bin/mmagan-bench run $config --out DIR --jobs 2"
local_start=$SECONDS
bin/mmagan-bench run "$config" --out "$work/local" --jobs 2 > "$work/local.log" 2>&1 || { tail -5 "$work/local.log"; fail "local run failed"; }
echo "  finished after $((SECONDS - local_start)) s (Slurm: ${waited} s from submission to the merged report)"

# Every column but the wall-clock times and the run folders, header first, rows sorted by run_id.
project() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i != "train_seconds" && $i != "eval_seconds" && $i != "run_dir") keep[++n] = i }
           { line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "," : "") $keep[k]; print line }' "$1" \
    | { IFS= read -r header; echo "$header"; sort; }
}
project "$work/slurm/results.csv" > "$work/slurm.rows"
project "$work/local/results.csv" > "$work/local.rows"
diff "$work/local.rows" "$work/slurm.rows" > "$work/diff" || { head -20 "$work/diff"; fail "results.csv differs between Slurm and the local run"; }
rows=$(($(wc -l < "$work/local.rows") - 1))
runs=$(bin/mmagan-bench run "$config" --out "$work/dry" --dry-run | head -1 | sed -n 's/.*: \([0-9]*\) runs;.*/\1/p')
[ "$rows" = "$runs" ] || fail "$rows rows in results.csv, expected $runs"
notok=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") s = i; next } $s != "ok"' "$work/slurm.rows" | wc -l)
[ "$notok" = 0 ] || fail "$notok runs did not finish ok"
[ -f "$work/slurm/report.md" ] || fail "the merge job wrote no report.md"
echo "test-slurm: passed — $rows runs, identical rows and metrics ($(head -1 "$work/local.rows" | tr ',' '\n' | wc -l) columns compared) on Slurm and locally, $((SECONDS - start)) s in all"

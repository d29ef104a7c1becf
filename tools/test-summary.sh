#!/usr/bin/env bash
# Passes `dotnet test` output through and ends with one plain 'N passed, N failed, N skipped' line
# (the closing line CI reads). Exits non-zero when any test failed or the run failed.
set -uo pipefail
passed=0; failed=0; skipped=0; status=0
while IFS= read -r line; do
  printf '%s\n' "$line"
  if [[ $line =~ (Passed|Failed|Skipped)!?[[:space:]]+-[[:space:]]+Failed:[[:space:]]+([0-9]+),[[:space:]]+Passed:[[:space:]]+([0-9]+),[[:space:]]+Skipped:[[:space:]]+([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[2])); passed=$((passed + BASH_REMATCH[3])); skipped=$((skipped + BASH_REMATCH[4]))
  fi
  [[ $line =~ error|Test\ Run\ Aborted ]] && [[ $line =~ (error\ [A-Z]+[0-9]+|Aborted) ]] && status=1
done
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ] && [ "$status" = 0 ]

#!/usr/bin/env bash
# Passes `dotnet test` output through and ends with one plain 'Tests: N passed, N failed, N skipped' line
# (the closing line CI reads), counted from the per-test result lines of the console logger.
# Exits non-zero when any test failed, the run aborted, or no test passed at all.
set -uo pipefail
passed=0; failed=0; skipped=0; status=0
while IFS= read -r line; do
  printf '%s\n' "$line"
  case "$line" in
    "  Passed "*) passed=$((passed + 1)) ;;
    "  Failed "*) failed=$((failed + 1)) ;;
    "  Skipped "*) skipped=$((skipped + 1)) ;;
    *"Test Run Aborted"*) status=1 ;;
  esac
done
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ] && [ "$status" = 0 ]

# Helpers for the CLI tests: run a command, then assert on its exit status,
# stdout and stderr. Ends with the "N passed, N failed" line CI reads.
PASS=0 FAIL=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run CMD...: captures status in $RC, output in $TMP/out and $TMP/err
run() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
}
ok() { PASS=$((PASS + 1)); }
fail() {
  FAIL=$((FAIL + 1))
  echo "FAIL: $*" >&2
  echo "  stdout: $(head -c 400 "$TMP/out")" >&2
  echo "  stderr: $(head -c 400 "$TMP/err")" >&2
}
expect_rc() { if [ "$RC" -eq "$1" ]; then ok; else fail "${2:-} exit $RC, expected $1"; fi; }
expect_out() { if grep -qF -- "$1" "$TMP/out"; then ok; else fail "${2:-} stdout lacks '$1'"; fi; }
expect_err() { if grep -qF -- "$1" "$TMP/err"; then ok; else fail "${2:-} stderr lacks '$1'"; fi; }
expect_no_out() { if grep -qF -- "$1" "$TMP/out"; then fail "${2:-} stdout has '$1'"; else ok; fi; }
expect_json() {
  if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" 2>/dev/null; then ok; else fail "${1:-} stdout is not JSON"; fi
}
finish() {
  echo "$(basename "$0" .sh): $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}

#!/usr/bin/env bash
# The CLI's end-to-end paths under valgrind memcheck: no invalid access, no
# leak. Skipped (77) where valgrind is missing; not run in the ASan build.
EVM=$1
DATA=${EVM_TEST_DATA:?}
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind not installed: skipping"; exit 77; }
export EVM_PCRE2_NO_JIT=1 # valgrind cannot follow pcre2 JIT code
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

printf '{"id": 1, "text": "I mentored two new starters."}\n{bad\n{"id": 3, "text": "Missed the deadline twice."}\n' >"$TMP/in.jsonl"
printf 'id,text\n1,"Built trust, with partners"\n2,"unbalanced\n' >"$TMP/in.csv"
printf 'framework: success-profiles\nbehaviour: Working Together\nlevel: 3\n' >"$TMP/advert.txt"
for cmd in \
  "match --text 'I set up a weekly rota and cleared the backlog.' --format json" \
  "match --framework noms --text 'Missed the deadline and did not update the team.'" \
  "batch $TMP/in.jsonl --threads 2 --allow-errors" \
  "batch --input-format csv $TMP/in.csv --allow-errors --redact" \
  "tag --framework noms --format json $TMP/in.jsonl --input-format jsonl" \
  "screen --advert $TMP/advert.txt --text 'I led the team and we delivered on time.'" \
  "lexicon show --framework soca-pqf --competency Communication --format json" \
  "lexicon check $DATA/user-framework.lex" \
  "index build -o $TMP/ix.bin"; do
  eval "$VG $EVM $cmd" >"$TMP/out" 2>"$TMP/err"; RC=$?
  if [ "$RC" -eq 99 ]; then fail "valgrind errors: $cmd"; else ok; fi
done
eval "$VG $EVM match --index $TMP/ix.bin --text 'I chaired the board.'" >"$TMP/out" 2>"$TMP/err"; RC=$?
[ "$RC" -ne 99 ] && ok || fail "valgrind errors: match --index"
finish

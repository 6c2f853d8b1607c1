#!/usr/bin/env bash
# End to end: a competency model fitted on a user's own labelled texts
# (fit_competency_model.py --data) and loaded with --competency-model, for a
# framework of their own; the built-in frameworks keep the built-in model;
# every way of getting it wrong is an error that says what and where.
EVM=$1
DATA=${EVM_TEST_DATA:?}
SRC=${EVM_SOURCE_DIR:-$(dirname "$0")/../..}
. "$(dirname "$0")/lib.sh"
FIT="$SRC/corpus/tools/fit_competency_model.py"
LEX="$DATA/user-framework.lex"

run python3 "$FIT" --data "$DATA/user-framework-texts.jsonl"
expect_rc 0 "fit on the user's texts"
cp "$TMP/out" "$TMP/model.txt"
expect_out "[acme-values/Customer First]"; expect_out "[acme-values/One Team]"
expect_out "Fitted on 16 texts"   # the dev line is left out
expect_no_out "[success-profiles/"

TEXT="I rang the resident back the same day and kept her posted until the repair was done."
run "$EVM" match --lexicon "$LEX" --competency-model "$TMP/model.txt" --framework acme-values --format json --text "$TEXT"
expect_rc 0 "match with the user's model"; expect_json
python3 - "$TMP/out" <<'PY' && ok || fail "the user's model reads for its framework"
import json, sys
c = json.load(open(sys.argv[1]))['competencies']
assert c and c[0]['competency'] == 'Customer First', c
m = c[0]['model']
assert m['p'] > 0.5 and abs(m['factor'] - (2 * m['p']) ** 0.25) < 1e-9, m
assert any(t['term'] == 'repair' for t in m['terms']) and all(t['weight'] > 0 for t in m['terms']), m['terms']
PY
# without it the framework has no model
run "$EVM" match --lexicon "$LEX" --framework acme-values --format json --text "$TEXT"
expect_rc 0; expect_no_out '"model"' "no model without --competency-model"
# the built-in frameworks keep the built-in model beside it
run "$EVM" match --lexicon "$LEX" --competency-model "$TMP/model.txt" --framework success-profiles --format json --text "$TEXT"
expect_rc 0; expect_out '"model"' "built-in model for a built-in framework"
# batch and a saved index take it too
run "$EVM" index build -o "$TMP/ix" --lexicon "$LEX"
expect_rc 0
printf '{"id":"a","text":"%s","framework":"acme-values"}\n' "$TEXT" >"$TMP/in.jsonl"
run "$EVM" batch --index "$TMP/ix" --competency-model "$TMP/model.txt" "$TMP/in.jsonl"
expect_rc 0; expect_out '"model"' "batch with a saved index and the model"

# errors: malformed (file:line), covering nothing, missing, twice, saved in an index
printf 'evmatch-competency-model 1\n[acme-values/Customer First]\nbias 0\nheavy rota\n' >"$TMP/bad.txt"
run "$EVM" match --lexicon "$LEX" --competency-model "$TMP/bad.txt" --text "$TEXT"
expect_rc 1 "malformed model"; expect_err "bad.txt:4: weight is not a number"
run "$EVM" match --no-builtin --lexicon "$LEX" --competency-model "$SRC/lexicon/competency-model.txt" --text "$TEXT"
expect_rc 1 "a model for other frameworks"; expect_err "covers none of the loaded frameworks"
printf 'evmatch-competency-model 1\n[acme-values/Customer First]\nbias 0\n' >"$TMP/half.txt"
run "$EVM" match --lexicon "$LEX" --competency-model "$TMP/half.txt" --text "$TEXT"
expect_rc 1 "a model missing a competency"; expect_err "covers none"
run "$EVM" match --competency-model "$TMP/nope.txt" --text "$TEXT"
expect_rc 1 "missing file"; expect_err "nope.txt"
run "$EVM" match --competency-model
expect_rc 2 "no value"; expect_err "needs a value"
run "$EVM" index build -o "$TMP/ix2" --competency-model "$TMP/model.txt"
expect_rc 2 "index build"; expect_err "not saved in an index"
printf '{"framework": "acme-values", "text": "no competency"}\n' >"$TMP/unlabelled.jsonl"
run python3 "$FIT" --data "$TMP/unlabelled.jsonl"
expect_rc 1 "fit on unlabelled texts"; expect_err "unlabelled.jsonl:1: needs"
finish

#!/usr/bin/env bash
# End to end: evmatch match, index build|info and eval.
EVM=$1
DATA=${EVM_TEST_DATA:?}
SRC=${EVM_SOURCE_DIR:?}
. "$(dirname "$0")/lib.sh"

T="I set up a weekly rota so the backlog of 300 cases was cleared two weeks before the deadline. I kept my manager updated every Friday."

run "$EVM" match --framework success-profiles --text "$T"
expect_rc 0 "match text"
expect_out "Delivering at Pace"
expect_out "evidence:"
expect_out "because:"
expect_no_out $'\033[' "no colour when not a terminal"

run "$EVM" match --framework success-profiles --text "$T" --format json
expect_rc 0; expect_json "match json"
python3 - "$TMP/out" "$T" <<'PY' && ok || fail "match json schema"
import json, sys
d = json.load(open(sys.argv[1])); text = sys.argv[2].encode()
assert d["framework"] == "success-profiles" and d["polarity"] == "effective"
cs = d["competencies"]; assert cs
assert [c["score"] for c in cs] == sorted([c["score"] for c in cs], reverse=True)
for c in cs:
    for k in ("framework", "competency", "score", "confidence", "level", "indicators", "polarity"):
        assert k in c, k
    assert 0 <= c["confidence"] <= 1
    for i in c["indicators"]:
        for k in ("id", "text", "polarity", "score", "evidence"):
            assert k in i, k
        ev = i["evidence"]
        assert text[ev["start"]:ev["end"]].decode() == ev["text"]
        for t in ev["terms"]:
            assert text[t["start"]:t["end"]].decode() == t["text"]
            assert t["via"] in ("word", "bigram", "thesaurus", "cue")
PY

# all frameworks: each entry names its framework
run "$EVM" match --text "$T" --top 10 --format json
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["framework"] is None; assert len({c["framework"] for c in d["competencies"]}) > 1' "$TMP/out" && ok || fail "all frameworks"

# stdin and files, competency and level restriction
printf '%s' "$T" >"$TMP/in.txt"
run "$EVM" match --framework success-profiles --competency "Working Together" --competency "Leadership" --level 3 --format json "$TMP/in.txt"
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert {c["competency"] for c in d["competencies"]} <= {"Working Together","Leadership"}' "$TMP/out" && ok || fail "competency restriction"
"$EVM" match --framework noms --format json - <"$TMP/in.txt" >"$TMP/out" 2>"$TMP/err"; RC=$?
expect_rc 0 "stdin"; expect_json

# negative appraisal notes read as ineffective
run "$EVM" match --framework noms --text "Missed the deadline twice and did not update the team." --format json
expect_rc 0; expect_out '"polarity": "ineffective"'
# the note-polarity model reads a note about someone, says why, and not a statement
python3 - "$TMP/out" <<'PY' && ok || fail "polarity_model: a shortfall, with its terms"
import json, sys
m = json.load(open(sys.argv[1]))["polarity_model"]
assert m["shortfall"] > 0.8, m
assert m["terms"] and all(t["weight"] > 0 and t["term"] for t in m["terms"]), m
assert m["terms"] == sorted(m["terms"], key=lambda t: -t["weight"]), m
PY
run "$EVM" match --framework noms --text "Missed the deadline twice and did not update the team."
expect_rc 0; expect_out "model: 1.00 a shortfall"
run "$EVM" match --framework noms --format json --text "I missed a deadline once, so I set up a shared tracker and I have not missed one since."
expect_rc 0; expect_no_out '"polarity_model"' "no model reading of a first-person statement"

# bad input: invalid UTF-8 and NUL bytes are replaced and counted, never fatal
printf 'I managed \xff\xfe the budget \0 well.' >"$TMP/bad.txt"
run "$EVM" match --format json "$TMP/bad.txt"
expect_rc 0; expect_json "bad bytes"; expect_out '"invalid_bytes"'
: >"$TMP/empty.txt"
run "$EVM" match "$TMP/empty.txt"
expect_rc 0; expect_out "no evidence found"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$TMP/huge.txt"
run "$EVM" match "$TMP/huge.txt"
expect_rc 1; expect_err "larger than the limit"
run "$EVM" match /nonexistent.txt
expect_rc 1; expect_err "/nonexistent.txt: cannot open"
run "$EVM" match --framework nope --text x
expect_rc 1; expect_err "unknown framework 'nope'"
run "$EVM" match --framework noms --competency "Flying" --text x
expect_rc 1; expect_err "no competency 'Flying'"
run "$EVM" match --top 0 --text x
expect_rc 2

# a saved index gives the same answers; a damaged one is refused
run "$EVM" index build -o "$TMP/ix.bin"
expect_rc 0; expect_err "wrote"
run "$EVM" index info "$TMP/ix.bin"
expect_rc 0; expect_out "success-profiles"
"$EVM" match --framework success-profiles --text "$T" --format json >"$TMP/a.json"
"$EVM" match --index "$TMP/ix.bin" --framework success-profiles --text "$T" --format json >"$TMP/b.json"
cmp -s "$TMP/a.json" "$TMP/b.json" && ok || fail "saved index gives the same answer"
head -c 20000 "$TMP/ix.bin" >"$TMP/trunc.bin"
run "$EVM" match --index "$TMP/trunc.bin" --text "$T"
expect_rc 1; expect_err "truncated"
printf 'not an index at all, just some text that is long enough to have a header and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more and more' >"$TMP/foreign.bin"
run "$EVM" index info "$TMP/foreign.bin"
expect_rc 1; expect_err "not an evmatch index"

# the evaluator reports evmatch beside the baseline
run "$EVM" eval "$SRC/corpus/soca-pqf.jsonl" --split dev
expect_rc 0; expect_out "baseline"; expect_out "confidence reliability"
run "$EVM" eval "$SRC/corpus/soca-pqf.jsonl" --split dev --format json
expect_rc 0; expect_json "eval json"
printf '{"id": "x", "framework": "soca-pqf"}\n' >"$TMP/bad.jsonl"
run "$EVM" eval "$TMP/bad.jsonl" --split all
expect_rc 1; expect_err "bad.jsonl:1: not a labelled item"

finish

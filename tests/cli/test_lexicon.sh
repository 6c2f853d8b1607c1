#!/usr/bin/env bash
# End to end: evmatch lexicon list|show|check|stats and --lexicon loading.
EVM=$1
DATA=${EVM_TEST_DATA:?}
. "$(dirname "$0")/lib.sh"

run "$EVM" lexicon list
expect_rc 0 "list"
for id in success-profiles noms soca-pqf hmip-leadership police-force; do expect_out "$id" "list"; done
expect_out "Working Together"
expect_out "1045 indicators" "noms count"

run "$EVM" lexicon list --format json
expect_rc 0; expect_json "list json"
python3 - "$TMP/out" <<'PY' && ok || fail "list json content"
import json, os, sys
d = json.load(open(sys.argv[1]))
ids = [f["id"] for f in d]
want = ["hmip-leadership", "noms", "police-force", "soca-pqf", "success-profiles"]
assert sorted(ids) == want, ids
sp = [f for f in d if f["id"] == "success-profiles"][0]
assert len(sp["competencies"]) == 9 and sp["indicators"] == 326
assert sum(c["indicators"] for c in sp["competencies"]) == sp["indicators"]
PY

run "$EVM" lexicon show success-profiles.working-together.l3.02
expect_rc 0 "show id"
expect_out "Establish professional relationships with a range of stakeholders."
expect_out "HEO, SEO"

run "$EVM" lexicon show success-profiles.working-together.l3.02 --format json
expect_rc 0; expect_json "show json"
expect_out '"level_label": "Level 3"'

run "$EVM" lexicon show --framework success-profiles --competency "working together" --level 3
expect_rc 0 "show filtered"
[ "$(grep -c '^success-profiles.working-together.l3' "$TMP/out")" -eq 7 ] && ok || fail "7 level-3 Working Together indicators"

run "$EVM" lexicon show --framework soca-pqf --competency Communication --level "Level A" --format json
expect_rc 0; expect_json; expect_out '"grades": "DD, SG1"'

run "$EVM" lexicon show noms.caring
expect_rc 0 "show competency"; expect_out "showing concern for colleagues"

run "$EVM" lexicon show no.such.id
expect_rc 1; expect_err "no indicator, competency or framework with id 'no.such.id'"
run "$EVM" lexicon show --framework nope
expect_rc 1; expect_err "unknown framework 'nope'"
run "$EVM" lexicon show --framework noms --level 9
expect_rc 1; expect_err "has no level '9'"

run "$EVM" lexicon stats
expect_rc 0; expect_out "soca-pqf"
run "$EVM" lexicon stats --format json
expect_rc 0; expect_json "stats json"

# user frameworks: checked, loaded beside the built-ins, or alone
run "$EVM" lexicon check "$DATA/user-framework.lex"
expect_rc 0; expect_out "ok (1 framework, 4 indicators)"
run "$EVM" lexicon list --lexicon "$DATA/user-framework.lex"
expect_rc 0; expect_out "acme-values"; expect_out "success-profiles"
run "$EVM" lexicon list --no-builtin --lexicon "$DATA/user-framework.lex" --format json
expect_rc 0; expect_out "acme-values"; expect_no_out "success-profiles"
run "$EVM" lexicon list --no-builtin
expect_rc 1; expect_err "no frameworks loaded"

# bad files: file:line and a non-zero exit, never a crash
printf 'evmatch-lexicon 1\n[framework]\nid: x\nname: X\n[competency]\nname: C\n[indicator]\nid: x.1\ncompetency: C\npolarity: sideways\ntext: t\n' >"$TMP/bad.lex"
run "$EVM" lexicon check "$TMP/bad.lex"
expect_rc 1; expect_err "bad.lex:10: unknown polarity 'sideways'"
run "$EVM" lexicon list --lexicon "$TMP/bad.lex"
expect_rc 1; expect_err "bad.lex:10:"
: >"$TMP/empty.lex"
run "$EVM" lexicon check "$TMP/empty.lex"
expect_rc 1; expect_err "empty file"
printf 'evmatch-lexicon 1\n[framework]\nid: x\nname: X\0\n' >"$TMP/nul.lex"
run "$EVM" lexicon check "$TMP/nul.lex"
expect_rc 1; expect_err "nul.lex:4: NUL byte"
printf 'evmatch-lexicon 1\n[framework]\nid: x\nname: \xff\n' >"$TMP/utf.lex"
run "$EVM" lexicon check "$TMP/utf.lex" --format json
expect_rc 1; expect_json; expect_out "invalid UTF-8"
run "$EVM" lexicon check /nonexistent/x.lex
expect_rc 1; expect_err "/nonexistent/x.lex: cannot open"
run "$EVM" lexicon check "$DATA/user-framework.lex" "$TMP/bad.lex"
expect_rc 1; expect_out "user-framework.lex: ok"; expect_err "bad.lex:10:"

# lexicon typical: each competency's mean evidence over unlabelled texts
SRC=${EVM_SOURCE_DIR:?}
printf '%s\n' '{"text": "I planned the rota and met every deadline.", "split": "a"}' \
  '{"text": "I coached two new starters and gave them feedback."}' '' \
  '{"text": "She argued with the panel.", "split": "b"}' >"$TMP/texts.jsonl"
run "$EVM" lexicon typical "$TMP/texts.jsonl"
expect_rc 0 "typical"; expect_out "evmatch-typical 1"; expect_out "over 3 texts"
expect_out "/Delivering at Pace"
[ "$(grep -c '^[0-9.e+-]* success-profiles/' "$TMP/out")" -eq 9 ] && ok || fail "a value for each of the 9 behaviours"
cp "$TMP/out" "$TMP/typical.txt"
run "$EVM" lexicon typical --split a "$TMP/texts.jsonl"
expect_rc 0 "typical --split"; expect_out "over 1 texts"; expect_out "typical --split a"
run "$EVM" lexicon typical --split zzz "$TMP/texts.jsonl"
expect_rc 1; expect_err "no texts in split zzz"
printf '%s\n' '{"text": "fine"}' '{"text": 3}' 'not json' '{"text": "also fine"}' >"$TMP/bad.jsonl"
run "$EVM" lexicon typical "$TMP/bad.jsonl"
expect_rc 1; expect_err "bad.jsonl:2: no \"text\" string"; expect_err "bad.jsonl:3:"
expect_no_out "evmatch-typical" "no table from part of the texts"
run "$EVM" lexicon typical
expect_rc 2
python3 - "$TMP/typical.txt" <<'PY' && ok || fail "a value above 0 for every competency"
import sys
rows = [l.split(" ", 1) for l in open(sys.argv[1]) if l[:1].isdigit()]
assert len(rows) == 44, len(rows)  # the competencies of the five frameworks
assert all(float(v) > 0 for v, _ in rows)
PY

# The built-in lexicon/typical.txt must be what the fit on the train split
# gives now: any change to the lexicon or the weights moves it, and a stale
# table would rank with another matcher's norms.
if [ -d "$SRC/corpus" ]; then
  run "$EVM" lexicon typical --split train "$SRC"/corpus/*.jsonl
  expect_rc 0 "refit on train"
  python3 - "$TMP/out" "$SRC/lexicon/typical.txt" <<'PY' && ok || fail "lexicon/typical.txt is stale: run 'make typical'"
import sys
def rows(p):
    return {k.strip(): float(v) for v, k in (l.split(" ", 1) for l in open(p) if l[:1].isdigit())}
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert a.keys() == b.keys(), sorted(set(a) ^ set(b))
bad = [k for k in a if abs(a[k] - b[k]) > 1e-4 * max(a[k], b[k])]
assert not bad, [(k, a[k], b[k]) for k in bad[:5]]
PY
fi

# The built-in note-polarity model must be what its fitting script gives on
# the files it names: a probe file read for errors and added to the script,
# or a relabelled note, moves it.
if [ -d "$SRC/corpus" ]; then
  python3 "$SRC/corpus/tools/fit_polarity_model.py" >"$TMP/model.txt" && cmp -s "$TMP/model.txt" "$SRC/lexicon/polarity-model.txt" \
    && ok || fail "lexicon/polarity-model.txt is stale: run corpus/tools/fit_polarity_model.py"
fi

# The competency model likewise (a probe file moved from held out to FILES,
# a relabelled text), and the C reads it as the script does: the JSON's
# probability for each of a framework's competencies is the script's softmax.
if [ -d "$SRC/corpus" ]; then
  python3 "$SRC/corpus/tools/fit_competency_model.py" >"$TMP/cmodel.txt" && cmp -s "$TMP/cmodel.txt" "$SRC/lexicon/competency-model.txt" \
    && ok || fail "lexicon/competency-model.txt is stale: run corpus/tools/fit_competency_model.py"
  TEXT="We had a backlog of 300 claims, so I set up a weekly rota, mentored the two new starters and we cleared it a month early. I didn't wait to be asked."
  run "$EVM" match --format json --framework success-profiles --top 9 --text "$TEXT"
  expect_rc 0 "match for model parity"
  python3 - "$TMP/out" "$SRC" "$TEXT" <<'PY' && ok || fail "competency model: C and Python disagree"
import json, math, sys
sys.path.insert(0, sys.argv[2] + '/corpus/tools')
from fit_competency_model import features
fs = set(features(sys.argv[3]))
z, cls = {}, None
for line in open(sys.argv[2] + '/lexicon/competency-model.txt', encoding='utf-8'):
    line = line.rstrip('\n')
    if line.startswith('['):
        fw, comp = line[1:-1].split('/', 1)
        cls = comp if fw == 'success-profiles' else None
    elif cls and line and not line.startswith('#'):
        w, f = line.split(' ', 1)
        if w == 'bias':
            z[cls] = float(f)
        elif f in fs:
            z[cls] += float(w)
top = max(z.values())
p = {c: math.exp(v - top) / sum(math.exp(u - top) for u in z.values()) for c, v in z.items()}
got = json.load(open(sys.argv[1]))['competencies']
assert len(got) >= 5, len(got)
for c in got:
    m = c['model']
    assert abs(m['p'] - p[c['competency']]) < 1e-5, (c['competency'], m['p'], p[c['competency']])
    assert abs(m['factor'] - (9 * m['p']) ** 0.25) < 1e-9
    assert all(t['weight'] > 0 and t['term'] in fs for t in m['terms']), m['terms']
PY
fi

# usage errors exit 2
run "$EVM" frobnicate
expect_rc 2; expect_err "unknown command"
run "$EVM" lexicon
expect_rc 2
run "$EVM" lexicon list --format yaml
expect_rc 2; expect_err "--format is text or json"
run "$EVM" lexicon show
expect_rc 2
run "$EVM" --version
expect_rc 0; expect_out "evmatch "

# output errors are reported, not swallowed
if [ -w /dev/full ]; then
  "$EVM" lexicon list >/dev/full 2>"$TMP/err"; RC=$?
  expect_rc 1 "/dev/full"; expect_err "error writing output"
fi
"$EVM" lexicon show --framework noms 2>"$TMP/err" | head -1 >/dev/null
RC=${PIPESTATUS[0]}
expect_rc 1 "closed pipe"; expect_err "error writing output"

finish

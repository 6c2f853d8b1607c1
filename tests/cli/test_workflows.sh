#!/usr/bin/env bash
# End to end: evmatch tag (appraisal notes) and evmatch screen (the sift).
EVM=$1
DATA=${EVM_TEST_DATA:?}
. "$(dirname "$0")/lib.sh"

# --- tag -------------------------------------------------------------------
printf 'Missed the deadline for the sentence plan twice and did not update the team.\nMentored two new starters and set up a buddy rota on the wing.\n\nOver-checks every adjudication record, so the backlog grows.\n' >"$TMP/notes.txt"
run "$EVM" tag --framework noms --min-confidence 0 --format json "$TMP/notes.txt"
expect_rc 0
[ "$(wc -l <"$TMP/out")" -eq 3 ] && ok || fail "one line per note (blank lines skipped)"
python3 - "$TMP/out" <<'PY' && ok || fail "tag schema and polarity"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["line"] for r in rows] == [1, 2, 4]
for r in rows:
    assert r["tags"], r
    for t in r["tags"]:
        for k in ("id", "text", "framework", "competency", "polarity", "confidence", "span"):
            assert k in t, k
        assert 0 <= t["confidence"] <= 1
assert rows[0]["tags"][0]["polarity"] == "ineffective"
assert rows[0]["tags"][0]["indicator_polarity"] == "ineffective"
assert rows[1]["tags"][0]["polarity"] == "effective"
PY
# a note of two points, one each way: a tag for each, and the points listed
printf 'Missed the deadline twice and did not update the team. Great with new starters, always patient.\n' >"$TMP/mixed.txt"
run "$EVM" tag --framework success-profiles --format json "$TMP/mixed.txt"
expect_rc 0
python3 - "$TMP/out" <<'PY' && ok || fail "tag points"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert [p["polarity"] for p in r["points"]] == ["ineffective", "effective"], r["points"]
assert r["points"][1]["text"] == "Great with new starters, always patient."
by_point = {t["point"]: t for t in reversed(r["tags"])}
assert by_point[0]["polarity"] == "ineffective" and by_point[0]["on"] == "indicator"
assert by_point[1]["polarity"] == "effective" and by_point[1]["competency"] == "Developing Self and Others"
assert by_point[1]["on"] == "competency" and by_point[1]["indicator_polarity"] is None
assert by_point[1]["id"] == "success-profiles.developing-self-and-others"
assert by_point[1]["span"]["text"] == "new starters"
PY
run "$EVM" tag --framework success-profiles "$TMP/mixed.txt"
expect_rc 0; expect_out "point 2 reads effective"; expect_out "effective 0."; expect_out "point 2]"
run "$EVM" tag --framework noms --min-confidence 0.99 --format json "$TMP/notes.txt"
expect_rc 0; expect_out '"tags":[]'
run "$EVM" tag --framework noms --top 1 --min-confidence 0 --format json "$TMP/notes.txt"
python3 -c 'import json,sys; assert all(len(json.loads(l)["tags"]) <= 1 for l in open(sys.argv[1]))' "$TMP/out" && ok || fail "--top 1"
printf 'First note line one\ncontinues here.\n\nSecond note.\n' >"$TMP/paras.txt"
run "$EVM" tag --input-format paragraphs --min-confidence 0 --format json "$TMP/paras.txt"
expect_rc 0; [ "$(wc -l <"$TMP/out")" -eq 2 ] && ok || fail "paragraph notes"
printf '{"id": "n1", "text": "Rarely updates victims and has not returned calls."}\n{"bad"\n' >"$TMP/notes.jsonl"
run "$EVM" tag --framework police-force --input-format jsonl --min-confidence 0 --format json "$TMP/notes.jsonl"
expect_rc 1 "a bad note fails the run"; expect_out '"id":"n1"'; expect_out '"underdone"'; expect_err "line 2"
run "$EVM" tag --framework noms "$TMP/notes.txt"
expect_rc 0; expect_out "3 notes"
run "$EVM" tag --min-confidence 2 "$TMP/notes.txt"
expect_rc 2

# --- screen ------------------------------------------------------------------
cat >"$TMP/statement.txt" <<'TXT'
In my role as a caseworker our team had a backlog of 400 claims. My task was to clear it before the new system went live.
I reorganised the rota, set up a daily ten-minute huddle and paired new starters with experienced colleagues.
I tracked progress on a shared spreadsheet and kept my manager updated every Friday.
As a result we cleared the backlog three weeks early and complaints fell by 30%.
TXT
run "$EVM" screen --framework success-profiles --behaviour "Delivering at Pace" --behaviour "Seeing the Big Picture" --level 3 "$TMP/statement.txt"
expect_rc 0; expect_out "Delivering at Pace"; expect_out "STAR: situation yes, task yes, action yes, result yes"
expect_out "quantified result yes"
run "$EVM" screen --framework success-profiles --behaviour "Delivering at Pace" --level 3 --format json "$TMP/statement.txt"
expect_rc 0; expect_json
python3 - "$TMP/out" <<'PY' && ok || fail "screen json"
import json, sys
d = json.load(open(sys.argv[1]))
b = d["behaviours"][0]
assert b["behaviour"] == "Delivering at Pace" and b["verdict"] in ("strong", "some")
assert b["evidence"] and b["level_vs_advertised"] in ("below", "at", "above")
c = d["checks"]
assert c["words"] < c["word_limit"] and not c["over_limit"]
assert c["first_person"] > c["collective"]
assert all(c["star"].values()) and c["quantified_result"]
PY
# the same statement exported with its HTML: the same checks and verdicts
# (its result has no figure, and "&#39;" must not read as one)
python3 - "$TMP/statement.txt" "$TMP/unquant.txt" "$TMP/statement.html" <<'PY'
import sys
lines = [l for l in open(sys.argv[1]).read().split("\n") if l]
lines[-1] = "As a result the team's backlog cleared early and complaints fell."
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
open(sys.argv[3], "w").write("<div>" + "".join("<p>%s</p>" % l.replace("&", "&amp;").replace("'", "&#39;") for l in lines) + "</div>")
PY
run "$EVM" screen --framework success-profiles --behaviour "Delivering at Pace" --level 3 --format json "$TMP/unquant.txt"
cp "$TMP/out" "$TMP/plain.json"
run "$EVM" screen --framework success-profiles --behaviour "Delivering at Pace" --level 3 --format json "$TMP/statement.html"
expect_rc 0
python3 - "$TMP/plain.json" "$TMP/out" <<'PY' && ok || fail "screen of HTML statement differs from plain"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["checks"] == b["checks"], (a["checks"], b["checks"])
assert not b["checks"]["quantified_result"]
assert [x["verdict"] for x in a["behaviours"]] == [x["verdict"] for x in b["behaviours"]]
PY
run "$EVM" screen --framework success-profiles --behaviour "Delivering at Pace" --word-limit 20 --format json "$TMP/statement.txt"
expect_out '"over_limit": true'
printf 'framework: success-profiles\nbehaviour: Working Together\nbehaviour: Delivering at Pace\nlevel: 3\nword-limit: 250\n' >"$TMP/advert.txt"
python3 - "$TMP/statement.txt" "$TMP/batch.jsonl" <<'PY'
import json, sys
s = open(sys.argv[1]).read()
with open(sys.argv[2], "w") as f:
    f.write(json.dumps({"id": "cand-a", "text": s}) + "\n")
    f.write(json.dumps({"id": "cand-b", "text": "We worked hard as a team and we did well."}) + "\n")
    f.write("not json\n")
PY
run "$EVM" screen --advert "$TMP/advert.txt" --input-format jsonl "$TMP/batch.jsonl"
expect_rc 1 "a failed statement fails the run"; expect_out "cand-a"; expect_out "error"
head -1 "$TMP/out" | grep -q "^rank" && ok || fail "ranked table header"
sed -n 2p "$TMP/out" | grep -q "cand-a" && ok || fail "strongest candidate first"
run "$EVM" screen --advert "$TMP/advert.txt" --input-format jsonl --format csv "$TMP/batch.jsonl"
expect_out "rank,id,overall"
python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows[0]["id"] == "cand-a" and rows[-1]["error"]
' "$TMP/out" && ok || fail "screen csv"
printf 'id,statement\nx1,"I chaired the meeting, and we agreed the plan."\n' >"$TMP/b.csv"
run "$EVM" screen --advert "$TMP/advert.txt" --input-format csv --text-column statement --format json "$TMP/b.csv"
expect_rc 0; expect_out '"id":"x1"'
run "$EVM" screen --framework success-profiles "$TMP/statement.txt"
expect_rc 2; expect_err "needs --framework and at least one --behaviour"
run "$EVM" screen --framework success-profiles --behaviour Flying "$TMP/statement.txt"
expect_rc 1; expect_err "no behaviour 'Flying'"
printf 'colour: blue\n' >"$TMP/bad-advert.txt"
run "$EVM" screen --advert "$TMP/bad-advert.txt" "$TMP/statement.txt"
expect_rc 1; expect_err "bad-advert.txt:1: unknown key 'colour'"

# every subcommand's options go through one loop: a value option at the end is
# a usage error naming it, and --help is usage on stdout
for cmd in "screen --framework success-profiles --competency" "tag --top" "batch --threads" "match --text" \
	"eval --split" "index -o" "serve --port"; do
	run "$EVM" $cmd
	expect_rc 2 "$cmd:"; expect_err "${cmd##* } needs a value" "$cmd:"
done
for cmd in match batch tag screen eval index serve; do
	run "$EVM" $cmd --help
	expect_rc 0 "$cmd --help:"; expect_out "usage: evmatch $cmd" "$cmd --help:"
done

finish

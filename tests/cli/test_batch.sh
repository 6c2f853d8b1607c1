#!/usr/bin/env bash
# End to end: evmatch batch. Records in = records out, in order, whatever fails.
EVM=$1
. "$(dirname "$0")/lib.sh"

# 100,000 records on several threads: same count, same order, same answers as one thread
python3 - "$TMP/big.jsonl" <<'PY'
import json, sys
notes = ["Missed the deadline twice and did not update the team.",
         "Mentored two new starters and set up a buddy rota.",
         "Checks every report three times so the backlog grows.",
         "Built a strong relationship with the council housing team.",
         "Explained the new policy clearly to the whole wing."]
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        if i % 9973 == 5:
            f.write("{broken json\n")
        else:
            f.write(json.dumps({"id": "r%06d" % i, "text": notes[i % 5]}) + "\n")
PY
"$EVM" batch "$TMP/big.jsonl" --threads 4 --top 1 --indicators 1 --allow-errors >"$TMP/o4" 2>"$TMP/err"; RC=$?
expect_rc 0 "100k, 4 threads"
expect_err "100000 records, 11 errors"
"$EVM" batch "$TMP/big.jsonl" --threads 1 --top 1 --indicators 1 >"$TMP/o1" 2>/dev/null; RC=$?
expect_rc 1 "errors give a non-zero exit without --allow-errors"
[ "$(wc -l <"$TMP/o4")" -eq 100000 ] && ok || fail "100000 lines out"
cmp -s "$TMP/o1" "$TMP/o4" && ok || fail "4 threads give what 1 thread gives"
python3 - "$TMP/o4" <<'PY' && ok || fail "order, ids and line numbers"
import json, sys
for n, l in enumerate(open(sys.argv[1]), 1):
    d = json.loads(l)
    assert d["line"] == n, (n, d["line"])
    if "error" in d:
        assert d["error"]["code"] == "parse" and d["id"] == n
    else:
        assert d["id"] == "r%06d" % (n - 1), d["id"]
PY

# malformed records become error records; the rest are still processed
cat >"$TMP/mixed.jsonl" <<'JSONL'
{"id": "a", "text": "Led the team through the restructure."}
{"id": "b", "text": 42}
[1, 2, 3]
{"id": {"nested": true}, "text": "x"}
{"text": "No id here, so the line number stands in.", "framework": "noms"}
{"id": "c", "text": "ok", "framework": "nope"}
{"id": "d", "text": "ok", "framework": "noms", "competencies": ["Caring", 7]}
{"id": "e", "text": "ok", "framework": "noms", "competencies": ["Not a competency"]}
{"id": "f", "text": "ok", "level": 3}
{"id": "g", "text": "truncated
{"id": "h", "text": "The \u0000 NUL inside and \ud800 a lone surrogate escape"}

{"id": "i", "text": "Last line without a newline", "framework": "soca-pqf"}
JSONL
printf '%s' "$(cat "$TMP/mixed.jsonl")" >"$TMP/mixed2.jsonl"
run "$EVM" batch "$TMP/mixed2.jsonl" --allow-errors
expect_rc 0
[ "$(wc -l <"$TMP/out")" -eq 13 ] && ok || fail "13 records in, 13 out"
python3 - "$TMP/out" <<'PY' && ok || fail "error records"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
codes = [r.get("error", {}).get("code") for r in rows]
assert codes == [None, "invalid", "invalid", "invalid", None, "notfound", "invalid", "notfound", "invalid",
                 "parse", codes[10], "invalid", None], codes
assert rows[4]["id"] == 5 and rows[4]["framework"] == "noms"
assert rows[12]["id"] == "i" and rows[12]["framework"] == "soca-pqf"
assert all(r["line"] == i + 1 for i, r in enumerate(rows))
for r in rows:
    if "error" in r:
        assert r["error"]["message"]
PY

# a record over the size limit is an error record, not a truncation
python3 -c 'import json; print(json.dumps({"id": "big", "text": "word " * 300000})); print(json.dumps({"id": "after", "text": "Still processed."}))' >"$TMP/long.jsonl"
run "$EVM" batch "$TMP/long.jsonl" --max-record 100000 --allow-errors
expect_rc 0; expect_out '"code":"limit"'; expect_out '"id":"after"'

# CSV: header, quoted fields with commas, quotes and newlines, CRLF, bad rows
printf 'ref,notes,grade\r\n1,"Mentored two new starters, and ran ""buddy"" sessions",EO\r\n2,"Missed the deadline.\nDid not update the team.",HEO\r\n3,too,many,fields\r\n\r\n4,Plain text with no quotes,AO\r\n5,"unbalanced quote at the end,AA\r\n' >"$TMP/in.csv"
run "$EVM" batch --input-format csv --text-column notes --id-column ref --framework success-profiles "$TMP/in.csv" --allow-errors
expect_rc 0
python3 - "$TMP/out" <<'PY' && ok || fail "csv records"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["id"] for r in rows] == ["1", "2", 5, "4", 8], [r["id"] for r in rows]  # line numbers where a record starts
assert "error" not in rows[0] and "error" not in rows[1] and "error" not in rows[3]
assert rows[1]["polarity"] == "ineffective"
assert rows[2]["error"]["code"] == "invalid" and rows[4]["error"]["code"] == "parse"
PY
run "$EVM" batch --input-format csv --text-column nope "$TMP/in.csv"
expect_rc 1; expect_err "no column 'nope'"
: >"$TMP/empty.csv"
run "$EVM" batch --input-format csv "$TMP/empty.csv"
expect_rc 1; expect_err "needs a header row"
: >"$TMP/empty.jsonl"
run "$EVM" batch "$TMP/empty.jsonl"
expect_rc 0; expect_err "0 records, 0 errors"
printf '\n\n\n' | "$EVM" batch --allow-errors >"$TMP/out" 2>"$TMP/err"; RC=$?
expect_rc 0; [ "$(wc -l <"$TMP/out")" -eq 3 ] && ok || fail "blank lines are records too"

# personal data is masked in echoed text with --redact
printf '{"id": 1, "text": "Call Jo on 07700 900123 or jo.bloggs@justice.gov.uk, NI AB123456C, at SW1A 2AA. I mentored two new starters."}\n' >"$TMP/pii.jsonl"
run "$EVM" batch "$TMP/pii.jsonl" --redact --indicators 5 --top 9
expect_rc 0
expect_no_out "07700"; expect_no_out "bloggs"; expect_no_out "AB123456C"; expect_no_out "SW1A"

# bad options and output errors
run "$EVM" batch --input-format xml /dev/null
expect_rc 2
run "$EVM" batch /nonexistent.jsonl
expect_rc 1; expect_err "/nonexistent.jsonl: cannot open"
if [ -w /dev/full ]; then
  "$EVM" batch "$TMP/mixed2.jsonl" --allow-errors >/dev/full 2>"$TMP/err"; RC=$?
  expect_rc 1 "/dev/full"; expect_err "error writing output"
fi

# --compact: the same ranking, one indicator and its evidence per competency,
# no sentence list or term explanations; error records unchanged
printf '%s\n' '{"id": "c1", "text": "I set up a weekly rota and we cleared the backlog of 300 cases two weeks early. I kept my manager updated every Friday."}' \
  '{"id": "c2", "text": 7}' >"$TMP/compact.jsonl"
run "$EVM" batch "$TMP/compact.jsonl" --framework success-profiles --compact --allow-errors
expect_rc 0 "compact"
cp "$TMP/out" "$TMP/compact.out"
run "$EVM" batch "$TMP/compact.jsonl" --framework success-profiles --allow-errors
python3 - "$TMP/compact.out" "$TMP/out" <<'PY' && ok || fail "compact output"
import json, sys
small = [json.loads(l) for l in open(sys.argv[1])]
full = [json.loads(l) for l in open(sys.argv[2])]
assert len(small) == 2 and small[1] == full[1] and small[1]["error"]["code"] == "invalid"
a, b = small[0], full[0]
assert a["id"] == "c1" and "sentences" not in a
assert [c["competency"] for c in a["competencies"]] == [c["competency"] for c in b["competencies"]]
for c, d in zip(a["competencies"], b["competencies"]):
    assert c["indicator"] == d["indicators"][0]["id"] and c["score"] == d["score"]
    ev = c["evidence"]
    assert ev["text"] == d["indicators"][0]["evidence"]["text"] and ev["end"] > ev["start"]
    assert "indicators" not in c and "class_terms" not in c
PY
finish

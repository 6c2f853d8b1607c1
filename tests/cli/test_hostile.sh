#!/usr/bin/env bash
# Hostile input end to end: nothing crashes, nothing is lost, every failure
# says which record and why.
EVM=$1
. "$(dirname "$0")/lib.sh"

# a 50 MB single line: a limit error record, memory stays bounded, the next record still runs
{ printf '{"id": "huge", "text": "'; head -c 50000000 /dev/zero | tr '\0' 'a'; printf '"}\n{"id": "next", "text": "Led the team."}\n'; } >"$TMP/huge.jsonl"
/usr/bin/time -f '%M' -o "$TMP/rss" "$EVM" batch "$TMP/huge.jsonl" --allow-errors >"$TMP/out" 2>"$TMP/err"; RC=$?
expect_rc 0 "50 MB line"
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, len(rows)
assert rows[0]["error"]["code"] == "limit" and rows[0]["line"] == 1
assert rows[1]["id"] == "next" and "error" not in rows[1]
' "$TMP/out" && ok || fail "50 MB line gives a limit record and the next record"
[ "$(cat "$TMP/rss")" -lt 200000 ] && ok || fail "memory bounded on a 50 MB line (peak $(cat "$TMP/rss") kB)"

# a million empty lines: a million error records, in order
head -c 1000000 /dev/zero | tr '\0' '\n' >"$TMP/empty.jsonl"
"$EVM" batch "$TMP/empty.jsonl" --allow-errors >"$TMP/out" 2>"$TMP/err"; RC=$?
expect_rc 0 "a million empty lines"
[ "$(wc -l <"$TMP/out")" -eq 1000000 ] && ok || fail "a million records out"
tail -1 "$TMP/out" | grep -q '"line":1000000,"id":1000000,"error":{"code":"invalid","message":"empty line"}' && ok || fail "last empty line reported"
expect_err "1000000 records, 1000000 errors"

# deeply nested, truncated and non-object JSON; wrong types in known fields
python3 - "$TMP/nest.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"id": "deep", "text": "x", "extra": ' + "[" * 100000 + "]" * 100000 + "}\n")
    f.write('{"id": "trunc", "text": "cut off\n')
    f.write('"just a string"\n')
    f.write('null\n')
    f.write('{"id": "t1", "text": ["not", "a", "string"]}\n')
    f.write('{"id": "t2", "text": "ok", "framework": 7}\n')
    f.write('{"id": "t3", "text": "ok", "competencies": "Caring"}\n')
    f.write('{"id": "t4", "text": "ok", "id": "twice"}\n')
    f.write('{"id": true, "text": "ok"}\n')
    f.write('{"id": "fine", "text": "Mentored new starters."}\n')
PY
run "$EVM" batch "$TMP/nest.jsonl" --allow-errors
expect_rc 0
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
codes = [r.get("error", {}).get("code") for r in rows]
assert codes == ["parse", "parse", "invalid", "invalid", "invalid", "invalid", "invalid", "parse", "invalid", None], codes
assert [r["line"] for r in rows] == list(range(1, 11))
' "$TMP/out" && ok || fail "nested, truncated, non-object and mistyped records"

# invalid UTF-8, overlong forms, encoded surrogates, NUL bytes, a BOM, CRLF and lone CR
printf '\xef\xbb\xbfI managed the \xc0\xaf budget \xed\xa0\x80 well\r\nand \x00 led\r the team.\xff' >"$TMP/bytes.txt"
run "$EVM" match --format json "$TMP/bytes.txt"
expect_rc 0; expect_json "hostile bytes give valid JSON"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["invalid_bytes"] >= 6, d["invalid_bytes"]' "$TMP/out" && ok || fail "bad bytes counted"
printf '{"id": 1, "text": "caf\\u00e9 \\u0000 nul"}\n{"id": 2, "text": "lone \\ud800 surrogate"}\n' >"$TMP/esc.jsonl"
run "$EVM" batch "$TMP/esc.jsonl" --allow-errors
expect_rc 0; [ "$(wc -l <"$TMP/out")" -eq 2 ] && ok || fail "escaped NUL and surrogate records"

finish

#!/usr/bin/env bash
# The police framework's reviewed corrections are checked against the seed
# by the importer: a reconstruction that drops, adds or alters a word, a
# clean cell that no longer gives back its text, and stale debris must each
# fail the import with the file and line, never produce a lexicon.
EVM=$1
. "$(dirname "$0")/lib.sh"
IMPORT="$(dirname "$EVM")/evmatch-import"
SEEDS="${EVM_SOURCE_DIR}/../shared/seeds"
[ -d "$SEEDS" ] || { echo "seeds not found at $SEEDS: skipping"; exit 77; }
CORR="${EVM_SOURCE_DIR}/lexicon/corrections"

# mutate SED-EXPR FILE: a scratch copy of the corrections with FILE edited
mutate() {
  rm -rf "$TMP/corr" "$TMP/lex"; cp -r "$CORR" "$TMP/corr"; mkdir -p "$TMP/lex"
  sed -i "$1" "$TMP/corr/$2"
  run "$IMPORT" --seeds "$SEEDS" --corrections "$TMP/corr" --out "$TMP/lex"
}

mutate 's/^- Understands the value that diversity offers$/- Understands the value that offers/' police-force.cells
expect_rc 1 "dropped word"; expect_err "leaves words unplaced: 'diversity'"
[ ! -e "$TMP/lex/police-force.lex" ] && ok || fail "no police lexicon from a bad reconstruction"

mutate 's/^- Understands the value that diversity offers$/- Understands the great value that diversity offers/' police-force.cells
expect_rc 1 "added word"; expect_err "uses words the paragraph lacks: 'great'"

mutate 's/^- Ensures departmental messages can be understood by all$/- Ensures departmental messages are understood by all/' police-force.cells
expect_rc 1 "altered clean cell"; expect_err "police-force.cells:"; expect_err "do not give back the text of 002_1e30d268a0da87f0.txt:22"

mutate '$a [debris]\nline: 26\ntext: no such field\nreason: stale' police-force.fix
expect_rc 1 "stale debris"; expect_err "debris matches no continuation field"

mutate 's/^line: 81$/line: 80/' police-force.cells
expect_rc 1 "cell for a line that has none"

rm -rf "$TMP/corr"; cp -r "$CORR" "$TMP/corr"; rm "$TMP/corr/police-force.cells"
run "$IMPORT" --seeds "$SEEDS" --corrections "$TMP/corr" --out "$TMP/lex"
expect_rc 1 "missing reviewed cells"; expect_err "police-force.cells"

# The real corrections give the committed lexicon: 432 police indicators,
# 120 of them reconstructed, none with the OCR repeat or a page-break echo.
rm -rf "$TMP/lex"; mkdir -p "$TMP/lex"
run "$IMPORT" --seeds "$SEEDS" --corrections "$CORR" --out "$TMP/lex"
expect_rc 0 "import"; expect_err "police-force.lex (432 indicators)"
[ "$(grep -c '^reconstructed: yes' "$TMP/lex/police-force.lex")" -eq 120 ] && ok || fail "120 reconstructed"
grep -q "Flustrates\|arise Manages\|on trust on trust" "$TMP/lex/police-force.lex" && fail "debris left in" || ok
run "$EVM" lexicon show police-force.we-collaborate.partner-working.underdone.01 --format json
expect_rc 0; expect_out '"polarity": "underdone"'
finish

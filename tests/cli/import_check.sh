#!/usr/bin/env bash
# Regenerates the lexicon from the seeds into a scratch directory and checks
# it equals the committed lexicon/*.lex. Exit 77 (skip) without the seeds.
set -u
importer=$1 seeds=$2 src=$3
if [ ! -d "$seeds" ]; then
  echo "seeds not found at $seeds: skipping"
  exit 77
fi
cd "$src" || exit 1
exec "$importer" --seeds "$seeds" --corrections lexicon/corrections --check lexicon

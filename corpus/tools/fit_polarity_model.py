#!/usr/bin/env python3
"""Fits lexicon/polarity-model.txt: a logistic regression that reads an
appraisal note as a strength (effective) or a shortfall (any other polarity)
from its words and word pairs.

The wording patterns of lexicon/polarity.txt were written one writer's notes
at a time, and by the ninth writer they had stopped carrying over: the newest
file of notes read 0.806 before a session of patterns and 0.819 after. A
model over the words of many writers' notes generalises where a list of
phrasings cannot, so matching lets it overrule the patterns on a third-person
text when it is confident (src/score/polarity_model.c).

Training data: the appraisal notes of the corpus's train split and the probe
files whose misses have already been read for the patterns (FILES below).
Never dev, test or a held-out probe file. Pure Python and seeded, so the same
data always gives the same file:

    python3 corpus/tools/fit_polarity_model.py > lexicon/polarity-model.txt

Features are what polarity_model.c reads from a text, and the two must stay
in step: lower-cased runs of [a-z0-9'] (a curly apostrophe counts as a
straight one), each word and each pair of neighbouring words, each counted
once per text.
"""
import glob, json, math, os, random, re, sys

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, '..')
FILES = ['probes/notes-%s.jsonl' % x for x in 'abcdefghilm']
EPOCHS, RATE, L2, MIN_WEIGHT = 30, 0.2, 1e-3, 0.05


def notes():
    for path in sorted(glob.glob(os.path.join(corpus, '*.jsonl'))):
        for line in open(path, encoding='utf-8'):
            r = json.loads(line)
            if r.get('kind') == 'appraisal' and r.get('split') == 'train':
                yield r
    for name in FILES:
        for line in open(os.path.join(corpus, name), encoding='utf-8'):
            r = json.loads(line)
            if r.get('kind') == 'appraisal':
                yield r


def features(text):
    words = re.findall(r"[a-z0-9']+", text.lower().replace('\u2019', "'"))
    return sorted(set(words) | {a + ' ' + b for a, b in zip(words, words[1:])})


def main():
    data = [(features(r['text']), 0 if r['polarity'] == 'effective' else 1) for r in notes()]
    random.seed(1)
    w, bias = {}, 0.0
    for _ in range(EPOCHS):
        random.shuffle(data)
        for fs, y in data:
            z = bias + sum(w.get(f, 0.0) for f in fs)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            bias -= RATE * g
            for f in fs:
                w[f] = w.get(f, 0.0) - RATE * (g + L2 * w.get(f, 0.0))
    kept = sorted((f, v) for f, v in w.items() if abs(v) >= MIN_WEIGHT)
    out = sys.stdout
    out.write('evmatch-polarity-model 1\n')
    out.write('# P(a note reads as a shortfall) = 1 / (1 + exp(-(bias + the weights of its features))).\n')
    out.write('# Fitted on %d notes by corpus/tools/fit_polarity_model.py (the train split\'s\n' % len(data))
    out.write('# appraisal notes and %s); never by hand.\n' % ', '.join(FILES))
    out.write('# Weights under %g are left out.\n' % MIN_WEIGHT)
    out.write('bias %.4f\n' % bias)
    for f, v in kept:
        out.write('%.4f %s\n' % (v, f))


if __name__ == '__main__':
    main()

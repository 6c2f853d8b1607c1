#!/usr/bin/env python3
"""Fits lexicon/competency-model.txt: for each framework, a multinomial
logistic regression that reads which of its competencies a text is evidence
for, from the text's words and word pairs.

The matcher's own evidence comes from the frameworks' wording, the bridging
files and the cue lexicon; it is explainable term by term but knows only the
words someone thought to write down. Many writers' labelled texts know the
rest: which everyday words go with which competency ("rota", "backlog",
"new starter"). Matching multiplies each competency's score by the model's
probability for it, relative to an even share, to a small power
(src/score/competency_model.c), so the model re-ranks the evidence the
matcher found and never invents a competency the text gave no evidence for.

Training data: the corpus's train split (every kind) and the probe files in
FILES, which are development data. Never dev, test or a held-out probe file
(corpus/probes/README.md says which are which). Pure Python and seeded, so
the same data always gives the same file:

    python3 corpus/tools/fit_competency_model.py > lexicon/competency-model.txt

For a framework of your own, fit on your own labelled texts (JSON Lines with
"framework", "competency" and "text"; lines whose "split" is dev or test are
left out) and load the file with evmatch's --competency-model:

    python3 corpus/tools/fit_competency_model.py --data ours.jsonl > ours-model.txt

Features are what the polarity model reads (fit_polarity_model.py) and what
competency_model.c reads, and the three must stay in step: lower-cased runs
of [a-z0-9'] (a curly apostrophe counts as a straight one), each word and
each pair of neighbouring words, each counted once per text. Only features
of at least MIN_DF training texts are learnt: rarer ones are names and
accidents of one writer.
"""
import collections, glob, json, math, os, random, re, sys

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, '..')
FILES = ['probes/notes-%s.jsonl' % x for x in 'abcdefghlm'] + \
        ['probes/statements-%s.jsonl' % x for x in 'bdfgij']
EPOCHS, RATE, L2, MIN_DF, MIN_WEIGHT = 20, 0.1, 1e-3, 3, 0.05


def texts(data=None):
    if data:
        for path in data:
            for n, line in enumerate(open(path, encoding='utf-8'), 1):
                if not line.strip():
                    continue
                r = json.loads(line)
                if not all(isinstance(r.get(k), str) for k in ('framework', 'competency', 'text')):
                    sys.exit('%s:%d: needs "framework", "competency" and "text" strings' % (path, n))
                if r.get('split') not in ('dev', 'test'):
                    yield r
        return
    for path in sorted(glob.glob(os.path.join(corpus, '*.jsonl'))):
        for line in open(path, encoding='utf-8'):
            r = json.loads(line)
            if r.get('split') == 'train':
                yield r
    for name in FILES:
        for line in open(os.path.join(corpus, name), encoding='utf-8'):
            yield json.loads(line)


def features(text):
    words = re.findall(r"[a-z0-9']+", text.lower().replace('\u2019', "'"))
    return sorted(set(words) | {a + ' ' + b for a, b in zip(words, words[1:])})


def fit(data, comps):
    """Stochastic gradient descent on the softmax loss, L2-shrunk."""
    w = {c: {} for c in comps}
    bias = {c: 0.0 for c in comps}
    random.seed(1)
    for _ in range(EPOCHS):
        random.shuffle(data)
        for fs, y in data:
            z = {c: bias[c] + sum(w[c].get(f, 0.0) for f in fs) for c in comps}
            top = max(z.values())
            e = {c: math.exp(z[c] - top) for c in comps}
            total = sum(e.values())
            for c in comps:
                g = e[c] / total - (1.0 if c == y else 0.0)
                bias[c] -= RATE * g
                wc = w[c]
                for f in fs:
                    v = wc.get(f, 0.0)
                    wc[f] = v - RATE * (g + L2 * v)
    return w, bias


def main():
    args = sys.argv[1:]
    data = args[1:] if args[:1] == ['--data'] else None
    if args and not data:
        sys.exit('usage: fit_competency_model.py [--data FILE.jsonl...]')
    rows = [(r['framework'], r['competency'], features(r['text'])) for r in texts(data)]
    if not rows:
        sys.exit('no texts to fit on')
    df = collections.Counter(f for _, _, fs in rows for f in fs)
    out = sys.stdout
    out.write('evmatch-competency-model 1\n')
    out.write('# Per framework, P(competency | text) = softmax over its competencies of\n')
    out.write('# (bias + the weights of the text\'s features). Fitted on %d texts by\n' % len(rows))
    out.write('# corpus/tools/fit_competency_model.py (%s);\n'
              % ('--data ' + ' '.join(os.path.basename(d) for d in data) if data
                 else 'the train split and ' + ', '.join(FILES)))
    out.write('# never by hand. Features of fewer than %d texts, and weights under %g, are left out.\n'
              % (MIN_DF, MIN_WEIGHT))
    for fw in sorted({fw for fw, _, _ in rows}):
        data = [([f for f in fs if df[f] >= MIN_DF], c) for f0, c, fs in rows if f0 == fw]
        comps = sorted({c for _, c in data})
        w, bias = fit(data, comps)
        for c in comps:
            out.write('\n[%s/%s]\n' % (fw, c))
            out.write('bias %.4f\n' % bias[c])
            for f, v in sorted(w[c].items()):
                if abs(v) >= MIN_WEIGHT:
                    out.write('%.4f %s\n' % (v, f))


if __name__ == '__main__':
    main()

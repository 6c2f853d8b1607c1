#!/usr/bin/env python3
"""Builds corpus/<framework>.jsonl from corpus/raw/<framework>.jsonl, adding a
fixed "split" field. Run once when items are added; the split of an existing
item never changes because it depends only on its id and its group.

Within each (framework, kind, polarity) group, items are ordered by
competency, sub-competency and the MD5 of their id, then dealt out in the
cycle train, train, train, dev, test - so every split sees every kind and
polarity, spread over the competencies, in about the proportions 60/20/20.
"""
import collections, hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
raw = os.path.join(here, '..', 'raw')
out_dir = os.path.join(here, '..')
CYCLE = ['train', 'train', 'train', 'dev', 'test']

for name in sorted(os.listdir(raw)):
    if not name.endswith('.jsonl'):
        continue
    items = [json.loads(l) for l in open(os.path.join(raw, name), encoding='utf-8') if l.strip()]
    groups = collections.defaultdict(list)
    for it in items:
        groups[(it['framework'], it['kind'], it['polarity'])].append(it)
    for g in groups.values():
        g.sort(key=lambda it: (it['competency'], it.get('sub_competency') or '', hashlib.md5(it['id'].encode()).hexdigest()))
        for i, it in enumerate(g):
            it['split'] = CYCLE[i % len(CYCLE)]
    with open(os.path.join(out_dir, name), 'w', encoding='utf-8') as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + '\n')
    c = collections.Counter(it['split'] for it in items)
    print(f"{name}: {len(items)} items, train {c['train']}, dev {c['dev']}, test {c['test']}", file=sys.stderr)

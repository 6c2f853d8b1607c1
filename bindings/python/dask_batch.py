#!/usr/bin/env python3
"""Scoring a partitioned JSON Lines dataset past one process with Dask.

    python3 dask_batch.py INPUT.jsonl OUTPUT.jsonl [--workers 4] [--partitions 8] [evmatch batch options]

Each Dask worker process loads the library and one index, and scores whole
partitions with Index.batch_record, the same code `evmatch batch` runs, so the
output is identical to `evmatch batch INPUT.jsonl` line for line. Partitions
are byte ranges cut at line ends; every line keeps its line number, and the
results are written back in input order.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evmatch  # noqa: E402

_index = None


def _worker_index():
    # one index per worker process, built on first use and kept
    global _index
    if _index is None:
        _index = evmatch.Index()
    return _index


def partitions(path, n):
    """Byte ranges [start, end) of about equal size, cut after newlines, with
    the line number each range starts at."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as f:
        for k in range(1, n):
            f.seek(size * k // n)
            f.readline()
            pos = f.tell()
            if cuts[-1] < pos < size:
                cuts.append(pos)
        cuts.append(size)
        starts, line = [], 1
        f.seek(0)
        prev = 0
        for a in cuts[:-1]:
            line += f.read(a - prev).count(b"\n")
            prev = a
            starts.append(line)
    return [(cuts[i], cuts[i + 1], starts[i]) for i in range(len(cuts) - 1)]


def score_partition(path, start, end, first_line, opts):
    ix = _worker_index()
    with open(path, "rb") as f:
        f.seek(start)
        chunk = f.read(end - start)
    lines = chunk.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline that ends the partition
    out = []
    for k, raw in enumerate(lines):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        out.append(ix.batch_record(raw, first_line + k, **opts))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--framework")
    ap.add_argument("--level")
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--indicators", type=int, default=3)
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    opts = {"framework": a.framework, "level": a.level, "top": a.top, "indicators": a.indicators}
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        futures = [client.submit(score_partition, a.input, s, e, l, opts, pure=False)
                   for s, e, l in partitions(a.input, a.partitions)]
        with open(a.output, "w", encoding="utf-8") as out:
            for fut in futures:  # in partition order: output order is input order
                for line in fut.result():
                    out.write(line + "\n")


if __name__ == "__main__":
    main()

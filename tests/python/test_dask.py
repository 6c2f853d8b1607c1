"""Going past one process: dask_batch.py on a LocalCluster with several
workers must write exactly what `evmatch batch` writes, record for record."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

SRC = os.environ["EVM_SOURCE_DIR"]
EVM = os.environ["EVMATCH_BIN"]


class DaskTest(unittest.TestCase):
    def test_equals_batch(self):
        notes = ["Missed the deadline twice and did not update the team.",
                 "Mentored two new starters and set up a buddy rota.",
                 "Checks every report three times so the backlog grows.",
                 "I chaired the programme board and agreed the five-year strategy with ministers.",
                 "Built a strong relationship with the council housing team."]
        fws = [None, "noms", "success-profiles", "soca-pqf"]
        with tempfile.TemporaryDirectory() as d:
            inp = os.path.join(d, "in.jsonl")
            with open(inp, "w") as f:
                for i in range(3000):
                    rec = {"id": "n%05d" % i, "text": notes[i % 5]}
                    if fws[i % 4]:
                        rec["framework"] = fws[i % 4]
                    f.write(json.dumps(rec) + "\n")
                    if i % 997 == 3:
                        f.write("{malformed\n")
            want = subprocess.run([EVM, "batch", inp, "--allow-errors", "--threads", "2"], capture_output=True,
                                  check=True).stdout.decode().splitlines()
            out = os.path.join(d, "out.jsonl")
            subprocess.run([sys.executable, os.path.join(SRC, "bindings", "python", "dask_batch.py"), inp, out,
                            "--workers", "3", "--partitions", "7"], check=True)
            got = open(out).read().splitlines()
            self.assertEqual(len(got), len(want))
            for n, (g, w) in enumerate(zip(got, want), 1):
                self.assertEqual(g, w, "line %d differs" % n)


if __name__ == "__main__":
    unittest.main()

"""The Python binding: match, tag, screen and batch records on one index,
from several threads, with errors raised as evmatch.Error."""
import json
import os
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.environ["EVM_SOURCE_DIR"], "bindings", "python"))
import evmatch  # noqa: E402

STATEMENT = ("Our team had a backlog of 400 claims. I reorganised the rota and prioritised the oldest cases, "
             "and we cleared the backlog three weeks before the deadline. I kept my manager updated every week.")


class BindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ix = evmatch.Index()

    def test_match_schema(self):
        r = self.ix.match(STATEMENT, framework="success-profiles", top=3)
        self.assertEqual(r["framework"], "success-profiles")
        self.assertEqual(len(r["competencies"]), 3)
        top = r["competencies"][0]
        for k in ("framework", "competency", "score", "confidence", "level", "indicators", "polarity"):
            self.assertIn(k, top)
        ev = top["indicators"][0]["evidence"]
        self.assertEqual(STATEMENT.encode()[ev["start"]:ev["end"]].decode(), ev["text"])

    def test_tag_negative_note(self):
        tags = self.ix.tag("Missed the deadline twice and did not update the team.", framework="noms",
                           min_confidence=0.0)
        self.assertTrue(tags)
        self.assertEqual(tags[0]["polarity"], "ineffective")
        self.assertIn("span", tags[0])

    def test_tag_mixed_note(self):
        note = "Missed the deadline twice and did not update the team. Great with new starters, always patient."
        out = self.ix.tag(note, framework="success-profiles", points=True)
        self.assertEqual([p["polarity"] for p in out["points"]], ["ineffective", "effective"])
        self.assertEqual({t["point"] for t in out["tags"]}, {0, 1})
        self.assertEqual(out["tags"], self.ix.tag(note, framework="success-profiles"))

    def test_screen(self):
        s = self.ix.screen(STATEMENT, "success-profiles", ["Delivering at Pace", "Working Together"], level="3")
        self.assertEqual([b["behaviour"] for b in s["behaviours"]], ["Delivering at Pace", "Working Together"])
        self.assertIn(s["behaviours"][0]["verdict"], ("strong", "some", "none"))
        self.assertTrue(s["checks"]["star"]["action"])
        self.assertTrue(s["checks"]["quantified_result"])

    def test_batch_record_matches_cli_schema(self):
        line = json.loads(self.ix.batch_record('{"id": "x1", "text": "Built trust with partners."}', 7))
        self.assertEqual((line["line"], line["id"]), (7, "x1"))
        bad = json.loads(self.ix.batch_record("{not json", 8))
        self.assertEqual(bad["error"]["code"], "parse")
        self.assertEqual(bad["id"], 8)
        small = json.loads(self.ix.batch_record('{"id": "x1", "text": "Built trust with partners."}', 7, compact=True))
        self.assertNotIn("sentences", small)
        self.assertIn("indicator", small["competencies"][0])

    def test_errors(self):
        with self.assertRaises(evmatch.Error) as e:
            self.ix.match("x", framework="nope")
        self.assertIn("unknown framework", str(e.exception))
        with self.assertRaises(evmatch.Error):
            evmatch.Index(path="/nonexistent/index")
        with self.assertRaises(evmatch.Error):
            self.ix.screen("x", "success-profiles", ["Flying"])

    def test_saved_index_and_user_lexicon(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "ix.bin")
            self.ix.save(p)
            with evmatch.Index(path=p) as loaded:
                self.assertEqual(loaded.match(STATEMENT, framework="noms"), self.ix.match(STATEMENT, framework="noms"))
        user = os.path.join(os.environ["EVM_TEST_DATA"], "user-framework.lex")
        with evmatch.Index(lexicons=[user], builtin=False) as own:
            r = own.match("I return residents' calls within a day.", framework="acme-values")
            self.assertEqual(r["competencies"][0]["competency"], "Customer First")

    def test_redact(self):
        r = self.ix.match("Call me on 07700 900123. I mentored two new starters.", redact=True, top=20, indicators=5)
        self.assertNotIn("07700", json.dumps(r))

    def test_threads(self):
        texts = [STATEMENT, "Missed the deadline twice.", "I chaired the programme board and set the strategy."]
        want = [self.ix.match(t) for t in texts]
        errors = []

        def run():
            for k in range(30):
                if self.ix.match(texts[k % 3]) != want[k % 3]:
                    errors.append(k)

        ts = [threading.Thread(target=run) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()

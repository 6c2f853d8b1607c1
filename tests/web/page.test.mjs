// The page evmatch serve embeds, in a real browser (Debian's chromium driven
// by playwright-core): load it, paste a note, check that the suggestions and
// the highlighted evidence are the API's answer, accept one by keyboard,
// export it as JSON and CSV, and sift a statement.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const BIN = process.env.EVMATCH_BIN || "../../build/evmatch";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
let server, base, browser;

before(async () => {
  server = spawn(BIN, ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)\//);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error("evmatch serve exited " + code)));
    setTimeout(() => reject(new Error("evmatch serve did not start")), 10000);
  });
  // root in CI: chromium's sandbox needs a user namespace it may not get
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
});

const NOTE = "Missed the deadline for the monthly returns twice and did not update the team. " +
  "Later she mentored two new starters on the wing and set up a buddy rota.";

async function apiTag(body) {
  const r = await fetch(base + "/v1/tag", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  assert.equal(r.status, 200);
  return r.json();
}

test("tag a note: suggestions and highlights are the API's, accept and export", async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(base + "/");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"));
  await page.selectOption("#framework", "noms");
  await page.fill("#text", NOTE);
  await page.focus("#text");
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => /suggestion/.test(document.getElementById("status").textContent));

  const want = await apiTag({ text: NOTE, framework: "noms", competencies: [], level: null, top: 5 });
  assert.ok(want.tags.length >= 2, "the note should give at least two tags");
  const shown = await page.$$eval("#suggestions li", (lis) => lis.map((li) => li.dataset.id));
  assert.deepEqual(shown, want.tags.map((t) => t.id));

  // every tag's span is highlighted, and every highlight is a tag's span
  const marks = await page.$$eval("#evidence mark", (ms) => ms.map((m) => ({ start: +m.dataset.start, end: +m.dataset.end, text: m.textContent })));
  assert.ok(marks.length >= 1);
  const enc = new TextEncoder(), bytes = enc.encode(NOTE), dec = new TextDecoder();
  for (const t of want.tags)
    assert.ok(marks.some((m) => m.start <= t.span.start && m.end >= t.span.end), "span " + t.span.start + "-" + t.span.end + " highlighted");
  for (const m of marks) {
    assert.ok(want.tags.some((t) => t.span.start === m.start), "mark at " + m.start + " is a tag's span");
    assert.equal(m.text, dec.decode(bytes.slice(m.start, m.end)));
  }
  const evidenceText = await page.textContent("#evidence");
  assert.equal(evidenceText, NOTE, "the highlighted text is the note, unchanged");

  // accept the first suggestion from the keyboard, reject the second
  await page.focus("#suggestions li:nth-child(1) button.accept");
  await page.keyboard.press("Enter");
  await page.focus("#suggestions li:nth-child(2) button.reject");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("#suggestions li:nth-child(1) button.accept", "aria-pressed"), "true");
  assert.match(await page.getAttribute("#suggestions li:nth-child(2)", "class"), /rejected/);
  assert.equal(await page.textContent("#accepted-count"), "1 accepted");

  const [dj] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
  const rows = JSON.parse(await readFile(await dj.path(), "utf8"));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].id, want.tags[0].id);
  assert.equal(rows[0].competency, want.tags[0].competency);
  assert.equal(rows[0].polarity, want.tags[0].polarity);
  assert.equal(rows[0].start, want.tags[0].span.start);

  const [dc] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const csv = (await readFile(await dc.path(), "utf8")).trim().split("\r\n");
  assert.equal(csv.length, 2);
  assert.equal(csv[0], "id,framework,competency,polarity,confidence,text,start,end,span");
  assert.ok(csv[1].startsWith(want.tags[0].id + ",noms,"));
  await page.close();
});

test("sift a statement against an advert's behaviours", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"));
  await page.check("input[name=mode][value=screen]");
  await page.selectOption("#framework", "success-profiles");
  await page.check("#beh-list input[value='Delivering at Pace']");
  await page.selectOption("#level", "3");
  const text = "Our office had a backlog of 300 passport cases. I set up a weekly rota, prioritised the oldest " +
    "applications and tracked progress every morning, and we cleared the backlog two weeks before the deadline.";
  await page.fill("#text", text);
  await page.click("#go");
  await page.waitForFunction(() => /suggestion/.test(document.getElementById("status").textContent));
  const summary = await page.textContent("#summary");
  assert.match(summary, /Delivering at Pace: (strong|some|none)/);
  assert.match(summary, /words \(limit 250\)/);
  const r = await fetch(base + "/v1/screen", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text, framework: "success-profiles", behaviours: ["Delivering at Pace"], level: "3" }) });
  const want = await r.json();
  const n = want.behaviours.reduce((k, b) => k + (b.evidence || []).length, 0);
  assert.equal(await page.locator("#suggestions li[data-key]").count(), n);

  // sifting without a behaviour ticked says what is missing, and sends nothing
  await page.uncheck("#beh-list input[value='Delivering at Pace']");
  await page.click("#go");
  assert.match(await page.textContent("#status"), /Tick the behaviours/);
  await page.close();
});

test("an API error is shown, not swallowed", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"));
  await page.click("#go");
  assert.match(await page.textContent("#status"), /Paste a note/);
  assert.equal(await page.getAttribute("#status", "class"), "error");
  await page.close();
});

// The README's Performance table comes from a benchmark run (bench/run.mjs writes it between two
// markers with bench/readme-table.mjs), never from a hand edit: the markers are there once, the
// text between them has the shape a run writes, and the writer replaces exactly that text.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { END, START, renderSection, spliceSection } from "../../bench/readme-table.mjs";

const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");

const rows = [
  { figure: "launch → window mapped", ours: { median: 152.4, min: 143.1, max: 503 }, floor: { median: 143, min: 128, max: 158 }, unit: "ms", ratio: 1.161, goal: null },
  { figure: "PSS after a practice setup", ours: { median: 419.2, min: 413, max: 427 }, floor: null, unit: "MiB", ratio: 1.612, ratioNote: "of the empty app at rest", goal: 1.3 },
  { figure: "stripped release binary", ours: { median: 8.31, min: 8.31, max: 8.31 }, floor: { median: 3.4, min: 3.4, max: 3.4 }, unit: "MiB", ratio: 2.44, goal: 1.5 },
  { figure: "CLI `checklist`, start to exit", ours: { median: 7.81, min: 6.2, max: 11.4 }, floor: null, unit: "ms", goal: null },
];

test("a run's section says when and where, then gives the table", () => {
  const section = renderSection({ date: "2026-12-06", machine: "Debian GNU/Linux 12 (bookworm), 2 cores, 24 GiB", runs: 5, rows });
  assert.equal(
    section,
    [
      "Latest `scripts/bench.sh`, 2026-12-06, on Debian GNU/Linux 12 (bookworm), 2 cores, 24 GiB, under Xvfb (software rendering);",
      "median (min–max) of 5 runs, ratios pair by pair against the empty Tauri 2 app:",
      "",
      "| figure | ECA Setup Assistant | empty Tauri 2 | ratio | goal |",
      "|---|---|---|---|---|",
      "| launch → window mapped | 152 ms (143–503) | 143 ms (128–158) | 1.16× | — |",
      "| PSS after a practice setup | 419 MiB (413–427) | — | 1.61× of the empty app at rest | ≤ 1.30× (missed) |",
      "| stripped release binary | 8.3 MiB | 3.4 MiB | 2.44× | ≤ 1.50× (missed) |",
      "| CLI `checklist`, start to exit | 7.8 ms (6.2–11) | — | — | — |",
    ].join("\n"),
  );
});

test("the writer replaces the text between the markers and nothing else", () => {
  const before = `# Title\n\n## Performance\n\n${START}\nold table\n${END}\n\nA paragraph written by hand.\n`;
  const after = spliceSection(before, "new table\n");
  assert.equal(after, `# Title\n\n## Performance\n\n${START}\nnew table\n${END}\n\nA paragraph written by hand.\n`);
  assert.equal(spliceSection(after, "new table"), after, "writing the same run twice changes nothing");
});

test("the writer refuses a README without exactly one pair of markers", () => {
  assert.throws(() => spliceSection("no markers", "table"), /exactly one/);
  assert.throws(() => spliceSection(`${END}\n${START}\n`, "table"), /exactly one/);
  assert.throws(() => spliceSection(`${START}\n${END}\n${START}\n${END}\n`, "table"), /exactly one/);
});

test("the README's Performance table sits between the markers, dated, with the bench's header", () => {
  assert.equal(readme.split(START).length, 2, "one start marker");
  assert.equal(readme.split(END).length, 2, "one end marker");
  const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
  const performance = readme.indexOf("## Performance");
  assert.ok(performance !== -1 && performance < readme.indexOf(START), "the markers are in the Performance section");
  assert.match(section, /^Latest `scripts\/bench\.sh`, \d{4}-\d{2}-\d{2}, on /m);
  assert.match(section, /^\| figure \| ECA Setup Assistant \| empty Tauri 2 \| ratio \| goal \|$/m);
  assert.match(section, /^\| launch → window mapped \|/m);
});

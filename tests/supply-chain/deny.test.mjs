// deny.toml's four checks can fail: each test takes the real config, undoes one of its entries
// (or plants one problem in the graph) and expects `cargo deny` to name it. A check that passes
// here only because it sees nothing (an empty advisory database, a duplicate the bans check does
// not count) would fail these tests.
// Run by scripts/test.sh after scripts/advisory-db.sh has put the advisory database in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const config = fs.readFileSync(path.join(root, "deny.toml"), "utf8");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "eca-deny-"));
process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs `cargo deny --offline check --deny warnings` with `text` as deny.toml; its status and output. */
function deny(text, checks, extra = []) {
  const file = path.join(scratch, `deny-${Math.random().toString(36).slice(2)}.toml`);
  fs.writeFileSync(file, text);
  const run = spawnSync(
    "cargo",
    ["deny", "--locked", "--offline", "--config", file, ...extra, "check", "--deny", "warnings", ...checks],
    { cwd: root, encoding: "utf8" },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

/** The config with exactly one line that contains `needle` removed. */
function without(needle) {
  const lines = config.split("\n");
  const hits = lines.filter((line) => line.includes(needle));
  assert.equal(hits.length, 1, `one line of deny.toml holds ${needle}`);
  return lines.filter((line) => !line.includes(needle)).join("\n");
}

test("the real config passes every check", () => {
  const run = deny(config, ["advisories", "bans", "licenses", "sources"]);
  assert.equal(run.status, 0, run.output);
  assert.match(run.output, /advisories ok, bans ok, licenses ok, sources ok/);
});

test("a second version of a crate that no skip names fails bans", () => {
  // syn 1 comes only through gtk-rs 0.18's macros; without its skip it is a new duplicate.
  const run = deny(without('crate = "syn:1"'), ["bans"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /found 2 duplicate entries for crate 'syn'/);
});

test("an advisory that no ignore names fails advisories, so the database is loaded", () => {
  const run = deny(without('id = "RUSTSEC-2024-0415"'), ["advisories"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /RUSTSEC-2024-0415/);
  assert.match(run.output, /gtk-rs GTK3 bindings - no longer maintained/);
});

test("an ignore that matches nothing fails advisories", () => {
  const stale = config.replace("ignore = [", 'ignore = [\n    { id = "RUSTSEC-2020-0071", reason = "time 0.1, not in the graph" },');
  const run = deny(stale, ["advisories"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /advisory was not encountered/);
});

test("the database is as old as its snapshot, not as old as its unpacking", () => {
  const [, date] = fs.readFileSync(path.join(root, "supply-chain/rustsec-advisory-db.stamp"), "utf8").trim().split(" ");
  const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo");
  const fetched = fs.statSync(path.join(cargoHome, "advisory-dbs/advisory-db-3157b0e258782691/.git/FETCH_HEAD")).mtime;
  if (fetched.getTime() > new Date(date).getTime()) {
    // The live database was fetched: its age is the fetch's, which is what cargo-deny should see.
    assert.ok(Date.now() - fetched.getTime() < 86_400_000, `fetched ${fetched.toISOString()}`);
    return;
  }
  assert.equal(fetched.getTime(), new Date(date).getTime(), "FETCH_HEAD carries the snapshot's date");
  const run = deny(config.replace(/maximum-db-staleness = ".*"/, 'maximum-db-staleness = "P1D"'), ["advisories"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /repository is stale/);
});

test("a crate under a licence the list lacks fails licenses", () => {
  const run = deny(without('"MPL-2.0",'), ["licenses"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /cssparser/);
});

test("an allowed licence that no crate uses fails licenses", () => {
  const run = deny(config.replace('allow = [\n    "MIT",', 'allow = [\n    "MIT",\n    "ISC",'), ["licenses"]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /license was not encountered/);
});

test("a git dependency fails sources", () => {
  // The real graph, with one crate said to come from a git repository instead of crates.io.
  const metadata = spawnSync("cargo", ["metadata", "--format-version", "1", "--locked", "--offline"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(metadata.status, 0, metadata.stderr);
  const graph = JSON.parse(metadata.stdout);
  const krate = graph.packages.find((p) => p.name === "form_urlencoded");
  krate.source = "git+https://github.com/servo/rust-url?rev=0000000#0000000000000000000000000000000000000000";
  const file = path.join(scratch, "metadata.json");
  fs.writeFileSync(file, JSON.stringify(graph));
  const run = deny(config, ["sources"], ["--metadata-path", file]);
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /form_urlencoded/);
  assert.match(run.output, /source not explicitly allowed|git source/i);
});

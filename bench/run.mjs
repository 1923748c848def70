// The benchmark's measurements; scripts/bench.sh builds everything and runs this inside Xvfb,
// a private keychain and tauri-driver on port 4444. Every launch figure is taken pair by pair
// (ours, floor, ours, floor, ...) so that both see the same machine; each row is the median
// of the runs with its min and max, and the ratio is the median of the pairs' ratios.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { remote } from "webdriverio";
import { walkToCredentials } from "../tests/e2e/session.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, "..");
const release = path.join(root, "target/release");
const OURS = { binary: path.join(release, "eca-setup"), title: "ECA Setup Assistant", ready: "#start-practice" };
const FLOOR = { binary: path.join(release, "empty-tauri"), title: "Empty Tauri", ready: "#painted" };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The process and every process below it (the WebKit web and network processes). */
function family(pid) {
  const parents = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.push([Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])]);
    } catch {
      // gone while we looked
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [child, parent] of parents) if (parent === out[i]) out.push(child);
  return out;
}

/** Proportional set size summed over the process family, in MiB. */
function pss(pid) {
  let kb = 0;
  for (const member of family(pid)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${member}/smaps_rollup`, "utf8"));
      if (match) kb += Number(match[1]);
    } catch {
      // gone while we looked
    }
  }
  return kb / 1024;
}

function isMapped(title) {
  return spawnSync("xdotool", ["search", "--onlyvisible", "--name", `^${title}$`]).status === 0;
}

async function stop(child) {
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([gone, sleep(3000)]);
  for (const member of family(child.pid)) {
    try {
      process.kill(member, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Launch → window mapped, then the family's PSS two seconds after launch. */
async function launchDirect(app) {
  const start = performance.now();
  const child = spawn(app.binary, [], { stdio: "ignore" });
  while (!isMapped(app.title)) {
    if (performance.now() - start > 60_000) throw new Error(`${app.title} never mapped a window`);
  }
  const mapped = performance.now() - start;
  await sleep(Math.max(0, 2000 - (performance.now() - start)));
  const memory = pss(child.pid);
  await stop(child);
  await sleep(300);
  return { mapped, memory };
}

async function session(app) {
  return remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application: app.binary } },
  });
}

/** WebDriver's new session (which launches the app) → the first screen's button usable. */
async function launchInteractive(app) {
  const start = performance.now();
  const browser = await session(app);
  await browser.waitUntil(
    () =>
      browser.execute((selector) => {
        const element = document.querySelector(selector);
        return Boolean(element && !element.disabled);
      }, app.ready),
    { interval: 5, timeout: 20_000 },
  );
  const interactive = performance.now() - start;
  await browser.deleteSession();
  await sleep(300);
  return interactive;
}

function newestPid(name) {
  return Number(spawnSync("pgrep", ["-n", "-x", name], { encoding: "utf8" }).stdout.trim());
}

/** A whole practice setup (Service Board Sync, client credentials), then the family's PSS. */
async function memoryAfterPracticeSetup() {
  const browser = await session(OURS);
  const click = async (selector) => {
    const element = await browser.$(selector);
    await element.waitForClickable({ timeout: 15_000 });
    await element.click();
  };
  // The app reopens the setup it was on; the earlier runs' setups are left behind.
  const onHome = async () => (await browser.$("#start-practice")).isExisting();
  const inSetup = async () => (await browser.$("button*=All setups")).isExisting();
  await browser.waitUntil(async () => (await onHome()) || (await inSetup()), { timeout: 15_000 });
  if (!(await onHome())) await click("button*=All setups");
  await click("#start-practice");
  await click('[data-profile="service-board-sync"]');
  await click("#inputs-next");
  await walkToCredentials(browser);
  await click("#fill-practice");
  await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"));
  // Each run saves a connection of its own; names must be unique.
  await (await browser.$("#connection-name")).setValue(`Bench ${Date.now()}`);
  await click("#save-credentials");
  await click("#run-verify");
  await (await browser.$("#verify-summary")).waitForDisplayed({ timeout: 30_000 });
  const summary = await (await browser.$("#verify-summary")).getText();
  if (!summary.startsWith("✓")) throw new Error(`the practice verification failed: ${summary}`);
  await sleep(1000);
  const memory = pss(newestPid("eca-setup"));
  await browser.deleteSession();
  return memory;
}

function fileMiB(file) {
  return fs.statSync(file).size / (1024 * 1024);
}

function timeCommand(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = spawnSync(args[0], args.slice(1), { stdio: "ignore" });
    times.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed`);
  }
  return times;
}

const rows = [];
const row = (figure, ours, floor, unit, goal) => rows.push({ figure, ours, floor, unit, goal });
const stats = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

const direct = { ours: [], floor: [] };
const interactive = { ours: [], floor: [] };
for (let i = 0; i < RUNS; i++) {
  direct.ours.push(await launchDirect(OURS));
  direct.floor.push(await launchDirect(FLOOR));
}
for (let i = 0; i < RUNS; i++) {
  interactive.ours.push(await launchInteractive(OURS));
  interactive.floor.push(await launchInteractive(FLOOR));
}
const afterSetup = [];
for (let i = 0; i < RUNS; i++) afterSetup.push(await memoryAfterPracticeSetup());

const pairs = (key) => direct.ours.map((run, i) => run[key] / direct.floor[i][key]);
row("launch → window mapped", stats(direct.ours.map((r) => r.mapped)), stats(direct.floor.map((r) => r.mapped)), "ms", null);
rows.at(-1).ratio = median(pairs("mapped"));
row("launch → first screen interactive", stats(interactive.ours), stats(interactive.floor), "ms", 1.3);
rows.at(-1).ratio = median(interactive.ours.map((t, i) => t / interactive.floor[i]));
row("PSS 2 s after launch", stats(direct.ours.map((r) => r.memory)), stats(direct.floor.map((r) => r.memory)), "MiB", 1.2);
rows.at(-1).ratio = median(pairs("memory"));
row("PSS after a practice setup", stats(afterSetup), stats(direct.floor.map((r) => r.memory)), "MiB", null);
rows.at(-1).ratio = median(afterSetup) / median(direct.floor.map((r) => r.memory));
const oursSize = fileMiB(OURS.binary);
const floorSize = fileMiB(FLOOR.binary);
row("stripped release binary", stats([oursSize]), stats([floorSize]), "MiB", 1.5);
rows.at(-1).ratio = oursSize / floorSize;
const debDir = path.join(release, "bundle/deb");
const deb = fs.existsSync(debDir) ? fs.readdirSync(debDir).find((f) => f.endsWith(".deb")) : null;
if (deb) row(".deb package", stats([fileMiB(path.join(debDir, deb))]), null, "MiB", null);
const cliArgs = [path.join(release, "eca-setup-cli"), "checklist", "--profile", "vonage-ai-studio", "--domain", "acme.my.salesforce.com", "--json"];
row("CLI checklist, start to exit", stats(timeCommand(cliArgs, 20)), null, "ms", null);

const fmt = (s, unit) => (s ? `${s.median.toFixed(1)} ${unit} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : "—");
console.log(`\nECA Setup Assistant against an empty Tauri 2 app, ${RUNS} runs each (median (min–max)):\n`);
console.log("| figure | ECA Setup Assistant | empty Tauri 2 | ratio | goal |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  const ratio = r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}×`;
  const goal = r.goal === null ? "—" : `≤ ${r.goal}× ${r.ratio <= r.goal ? "(met)" : "(missed)"}`;
  console.log(`| ${r.figure} | ${fmt(r.ours, r.unit)} | ${fmt(r.floor, r.unit)} | ${ratio} | ${goal} |`);
}
console.log("");
for (const example of ["bench_verify", "bench_report"]) {
  const run = spawnSync(path.join(release, "examples", example), { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${example} failed:\n${run.stderr}`);
  console.log(run.stdout);
}

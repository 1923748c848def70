// The benchmark's measurements; scripts/bench.sh builds everything and runs this inside Xvfb,
// a private keychain and tauri-driver on port 4444. Every launch figure is taken pair by pair
// (ours, floor, ours, floor, ...) so that both see the same machine; each row is the median
// of the runs with its min and max, and the ratio is the median of the pairs' ratios. The table
// goes to stdout and into the README's Performance section (bench/readme-table.mjs); BENCH_README
// names another file to write it to (a smoke run), BENCH_RUNS the launches per app (default 5).
//
// The first launch of each app in a fresh session does one-off work the others do not: the
// accessibility bus is activated, Mesa fills a new shader cache, WebKit creates its caches and
// the page cache is cold. On a busy two-core machine that once took it past the 60 s deadline
// ("never mapped a window"); with stdio ignored nothing said why. So each app is launched once
// unmeasured before the runs, every launch keeps its output and is watched for an early exit, and
// a failed launch is reported with that output and tried once more before the run gives up.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { remote } from "webdriverio";
import { walkToCredentials } from "../tests/e2e/session.mjs";
import { machine, renderSection, writeSection } from "./readme-table.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(import.meta.dirname, "..");
const release = path.join(root, "target/release");
const OURS = { binary: path.join(release, "eca-setup"), title: "ECA Setup Assistant", ready: "#start-practice" };
// BENCH_FLOOR: another build of this app to measure against instead of the empty app, for the
// cost of one change (the design system's CSS, say); that table is printed, never written.
const FLOOR = process.env.BENCH_FLOOR
  ? { binary: path.resolve(process.env.BENCH_FLOOR), title: "ECA Setup Assistant", ready: "#start-practice" }
  : { binary: path.join(release, "empty-tauri"), title: "Empty Tauri", ready: "#painted" };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Lets the event loop run (the child's exit, its output) between two polls, without waiting.
const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve));

/** A launch that did not give its figure: why, and what the app printed. */
class LaunchFailed extends Error {
  constructor(reason, output) {
    super(reason);
    this.output = output;
  }
}

/** Runs `attempt` and, if a launch fails, says why with the app's output and tries once more. */
async function twice(label, attempt) {
  try {
    return await attempt();
  } catch (error) {
    report(label, error, "trying once more");
    try {
      return await attempt();
    } catch (again) {
      report(label, again, "giving up");
      process.exit(1);
    }
  }
}

function report(label, error, next) {
  const output = error instanceof LaunchFailed ? error.output : "";
  console.error(`\n${label}: ${error.message}; ${next}.`);
  console.error(output.trim() ? `Its output:\n${output.trimEnd().split("\n").slice(-40).join("\n")}` : "It printed nothing.");
}

/** The tail of tauri-driver's log, where a WebDriver-launched app's output goes. */
function driverLog() {
  try {
    return fs.readFileSync(process.env.DRIVER_LOG, "utf8").split("\n").slice(-40).join("\n");
  } catch {
    return "";
  }
}
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
async function launchDirect(app, deadline = 60_000) {
  let output = "";
  const start = performance.now();
  const child = spawn(app.binary, [], { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk) => {
    output = (output + chunk).slice(-64 * 1024);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let spawnError = null;
  child.on("error", (error) => (spawnError = error));
  try {
    while (!isMapped(app.title)) {
      await yieldToEvents();
      if (spawnError) throw new LaunchFailed(`${app.binary} did not start (${spawnError.message})`, output);
      if (child.exitCode !== null || child.signalCode !== null) {
        const how = child.signalCode ?? `status ${child.exitCode}`;
        throw new LaunchFailed(`${app.title} exited (${how}) before it mapped a window`, output);
      }
      if (performance.now() - start > deadline) {
        throw new LaunchFailed(`${app.title} mapped no window within ${deadline / 1000} s`, output);
      }
    }
    const mapped = performance.now() - start;
    await sleep(Math.max(0, 2000 - (performance.now() - start)));
    const memory = pss(child.pid);
    return { mapped, memory };
  } finally {
    await stop(child);
    await sleep(300);
  }
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
  let browser;
  try {
    browser = await session(app);
    await browser.waitUntil(
      () =>
        browser.execute((selector) => {
          const element = document.querySelector(selector);
          return Boolean(element && !element.disabled);
        }, app.ready),
      { interval: 5, timeout: 20_000 },
    );
  } catch (error) {
    await browser?.deleteSession().catch(() => {});
    throw new LaunchFailed(`${app.title} through WebDriver: ${error.message.split("\n")[0]}`, driverLog());
  }
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
  const browser = await session(OURS).catch((error) => {
    throw new LaunchFailed(`${OURS.title} through WebDriver: ${error.message.split("\n")[0]}`, driverLog());
  });
  try {
    return await practiceSetup(browser);
  } catch (error) {
    await browser.deleteSession().catch(() => {});
    throw error instanceof LaunchFailed ? error : new LaunchFailed(`the practice setup: ${error.message.split("\n")[0]}`, driverLog());
  }
}

async function practiceSetup(browser) {
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

// PSS splits a shared page among the processes that map it: with another WebKit app open, the
// empty app measured 186 MiB at rest instead of 270, and the table would say so. So none may run.
const others = spawnSync("pgrep", ["-a", "WebKitWebProces"], { encoding: "utf8" }).stdout.trim();
if (others) {
  console.error(`Another WebKit app is running; its shared pages would lower every PSS figure. Close it first:\n${others}`);
  process.exit(1);
}

// One unmeasured launch of each app first: the session's one-off start-up work (see the top).
for (const app of [OURS, FLOOR]) await twice(`warm-up launch of ${app.title}`, () => launchDirect(app, 120_000));

const direct = { ours: [], floor: [] };
const interactive = { ours: [], floor: [] };
for (let i = 0; i < RUNS; i++) {
  direct.ours.push(await twice(`launch ${i + 1} of ${OURS.title}`, () => launchDirect(OURS)));
  direct.floor.push(await twice(`launch ${i + 1} of ${FLOOR.title}`, () => launchDirect(FLOOR)));
}
for (let i = 0; i < RUNS; i++) {
  interactive.ours.push(await twice(`WebDriver launch ${i + 1} of ${OURS.title}`, () => launchInteractive(OURS)));
  interactive.floor.push(await twice(`WebDriver launch ${i + 1} of ${FLOOR.title}`, () => launchInteractive(FLOOR)));
}
const afterSetup = [];
for (let i = 0; i < RUNS; i++) afterSetup.push(await twice(`practice setup ${i + 1}`, memoryAfterPracticeSetup));

const pairs = (key) => direct.ours.map((run, i) => run[key] / direct.floor[i][key]);
const floorAtRest = direct.floor.map((r) => r.memory);
// The goals are issue 24's: the largest ratio to the empty app that meets each.
row("launch → window mapped", stats(direct.ours.map((r) => r.mapped)), stats(direct.floor.map((r) => r.mapped)), "ms", null);
rows.at(-1).ratio = median(pairs("mapped"));
row("launch → first screen interactive (via WebDriver)", stats(interactive.ours), stats(interactive.floor), "ms", 1.1);
rows.at(-1).ratio = median(interactive.ours.map((t, i) => t / interactive.floor[i]));
row("PSS 2 s after launch", stats(direct.ours.map((r) => r.memory)), stats(floorAtRest), "MiB", 1.1);
rows.at(-1).ratio = median(pairs("memory"));
row("PSS after a practice setup", stats(afterSetup), null, "MiB", 1.3);
rows.at(-1).ratio = median(afterSetup) / median(floorAtRest);
rows.at(-1).ratioNote = "of the empty app at rest";
const oursSize = fileMiB(OURS.binary);
const floorSize = fileMiB(FLOOR.binary);
row("stripped release binary", stats([oursSize]), stats([floorSize]), "MiB", 1.5);
rows.at(-1).ratio = oursSize / floorSize;
const debDir = path.join(release, "bundle/deb");
const deb = fs.existsSync(debDir) ? fs.readdirSync(debDir).find((f) => f.endsWith(".deb")) : null;
if (deb) row("`.deb`", stats([fileMiB(path.join(debDir, deb))]), null, "MiB", null);
const cliArgs = [path.join(release, "eca-setup-cli"), "checklist", "--profile", "vonage-ai-studio", "--domain", "acme.my.salesforce.com", "--json"];
row("CLI `checklist`, start to exit", stats(timeCommand(cliArgs, 20)), null, "ms", null);

const section = renderSection({ date: new Date().toISOString().slice(0, 10), machine: machine(), runs: RUNS, rows });
console.log(`\n${section}\n`);
if (process.env.BENCH_FLOOR) {
  console.log(`The "empty Tauri 2" column above is ${FLOOR.binary}; the README is left alone.\n`);
} else {
  const readme = process.env.BENCH_README ?? path.join(root, "README.md");
  writeSection(readme, section);
  console.log(`The table above is now in ${path.relative(process.cwd(), readme) || readme}'s Performance section.\n`);
}
for (const example of ["bench_verify", "bench_report"]) {
  const run = spawnSync(path.join(release, "examples", example), { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${example} failed:\n${run.stderr}`);
  console.log(run.stdout);
}

// What a practice setup leaves in memory, process by process: launches the app through
// tauri-driver, reads each process's PSS (the app, WebKit's web and network processes) at rest
// two seconds after launch, then after the same practice setup bench/run.mjs measures. Not part
// of the benchmark's table; run it inside scripts/with-driver.sh with a sandboxed HOME:
//   node bench/memory-profile.mjs [BINARY]   (PROFILE_RUNS, default 2)
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { remote } from "webdriverio";
import { walkToCredentials } from "../tests/e2e/session.mjs";

const root = path.resolve(import.meta.dirname, "..");
const binary = process.argv[2] ?? path.join(root, "target/release/eca-setup");
const runs = Number(process.env.PROFILE_RUNS ?? 2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** PSS and its anonymous part (heap, stacks) per process of the family, in MiB. */
function breakdown(pid) {
  const rows = {};
  for (const member of family(pid)) {
    try {
      const name = fs.readFileSync(`/proc/${member}/comm`, "utf8").trim();
      const rollup = fs.readFileSync(`/proc/${member}/smaps_rollup`, "utf8");
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      const threads = fs.readdirSync(`/proc/${member}/task`).length;
      rows[name] = { pss: +(kb("Pss") / 1024).toFixed(1), anon: +(kb("Pss_Anon") / 1024).toFixed(1), threads };
    } catch {
      // gone while we looked
    }
  }
  rows.total = +Object.values(rows).reduce((sum, r) => sum + r.pss, 0).toFixed(1);
  return rows;
}

/** The newest process of that name started with this HOME: others may run the app beside us. */
function newestPid(name) {
  const pids = spawnSync("pgrep", ["-x", name], { encoding: "utf8" }).stdout.trim().split("\n").map(Number);
  const ours = pids.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`HOME=${process.env.HOME}`);
    } catch {
      return false;
    }
  });
  return Math.max(...ours);
}

async function once() {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.DRIVER_PORT ?? 4444),
    logLevel: "error",
    capabilities: { "tauri:options": { application: binary } },
  });
  const click = async (selector) => {
    const element = await browser.$(selector);
    await element.waitForClickable({ timeout: 15_000 });
    await element.click();
  };
  try {
    const onHome = async () => (await browser.$("#start-practice")).isExisting();
    const inSetup = async () => (await browser.$("button*=All setups")).isExisting();
    await browser.waitUntil(async () => (await onHome()) || (await inSetup()), { timeout: 15_000 });
    await sleep(2000);
    const pid = newestPid(path.basename(binary).slice(0, 15));
    const rest = breakdown(pid);
    if (!(await onHome())) await click("button*=All setups");
    await click("#start-practice");
    await click('[data-profile="service-board-sync"]');
    await click("#inputs-next");
    await walkToCredentials(browser);
    await click("#fill-practice");
    await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"));
    await (await browser.$("#connection-name")).setValue(`Profile ${Date.now()}`);
    await click("#save-credentials");
    await click("#run-verify");
    await (await browser.$("#verify-summary")).waitForDisplayed({ timeout: 30_000 });
    await sleep(1000);
    const after = breakdown(pid);
    await sleep(5000);
    const later = breakdown(pid);
    return { rest, after, later };
  } finally {
    await browser.deleteSession().catch(() => {});
    await sleep(300);
  }
}

for (let i = 0; i < runs; i++) console.log(JSON.stringify(await once(), null, 1));

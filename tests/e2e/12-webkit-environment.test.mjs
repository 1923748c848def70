// The web process the app starts paints on the CPU and runs JavaScript without a JIT
// (src-tauri/src/webkit_environment.rs), unless the person starting the app chose otherwise:
// read from the environment WebKit's own web process was given, not from the app's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { launch } from "./session.mjs";
import { appWindow } from "./x11.mjs";

const CHOICES = ["WEBKIT_SKIA_ENABLE_CPU_RENDERING", "JSC_useJIT"];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pids of the processes named `name` (as /proc/PID/comm has it) whose parent is `parent`. */
function children(parent, name) {
  return fs.readdirSync("/proc").filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat);
      return comm === name && Number(rest.split(" ")[1]) === parent;
    } catch {
      return false; // gone while we looked
    }
  });
}

/** The two choices as the app's web process sees them, once it has one (within 15 s). */
async function webProcessChoices(app) {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const [web] = children(app, "WebKitWebProces");
    if (web) {
      const environ = fs.readFileSync(`/proc/${web}/environ`, "utf8").split("\0");
      return Object.fromEntries(CHOICES.map((name) => [name, environ.find((e) => e.startsWith(`${name}=`)) ?? null]));
    }
    await sleep(100);
  }
  throw new Error(`the app (pid ${app}) started no WebKit web process within 15 s`);
}

test("the web process paints on the CPU and has no JIT, as the app chose", async () => {
  for (const name of CHOICES) assert.equal(process.env[name], undefined, `the test run itself sets ${name}`);
  const browser = await launch();
  try {
    await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
    assert.deepEqual(await webProcessChoices(appWindow().pid), {
      WEBKIT_SKIA_ENABLE_CPU_RENDERING: "WEBKIT_SKIA_ENABLE_CPU_RENDERING=1",
      JSC_useJIT: "JSC_useJIT=0",
    });
  } finally {
    await browser.deleteSession();
  }
});

test("a value the person set is kept", async () => {
  const app = spawn(process.env.ECA_E2E_APP, [], {
    stdio: "ignore",
    env: { ...process.env, WEBKIT_SKIA_ENABLE_CPU_RENDERING: "0", JSC_useJIT: "1" },
  });
  try {
    assert.deepEqual(await webProcessChoices(app.pid), {
      WEBKIT_SKIA_ENABLE_CPU_RENDERING: "WEBKIT_SKIA_ENABLE_CPU_RENDERING=0",
      JSC_useJIT: "JSC_useJIT=1",
    });
  } finally {
    const gone = new Promise((resolve) => app.once("exit", resolve));
    app.kill("SIGTERM");
    await Promise.race([gone, sleep(5_000)]);
    app.kill("SIGKILL");
  }
});

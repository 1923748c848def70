// One app at a time: launching it again while it runs hands over to the running window (which
// comes to the front) and exits at once, so two apps never write over each other's setups and
// connections. The first window stays and keeps answering.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { launch, shot } from "./session.mjs";

const supportLog = () =>
  path.join(process.env.XDG_DATA_HOME, "dev.ecasetup.assistant", "logs", "eca-setup.log");

/** Resolves to the process's exit once it ends, or to null if it still runs after `ms`. */
function exitWithin(child, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

test("a second launch exits at once and the running window comes forward and answers", async () => {
  const browser = await launch();
  let second;
  try {
    await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
    const handles = await browser.getWindowHandles();

    const started = Date.now();
    second = spawn(process.env.ECA_E2E_APP, [], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    second.stderr.on("data", (chunk) => (stderr += chunk));
    const exit = await exitWithin(second, 10_000);
    assert.deepEqual(
      exit,
      { code: 0, signal: null },
      `the second launch should hand over and exit with 0 within 10 s (it ${
        exit ? `exited with ${JSON.stringify(exit)}` : "still runs"
      }): ${stderr}`,
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`the second launch exited after ${seconds.toFixed(1)} s`);

    // The running app heard it: its window was shown, unminimized and focused.
    await browser.waitUntil(() => fs.readFileSync(supportLog(), "utf8").includes("app.launched_again"), {
      timeout: 5_000,
      timeoutMsg: "the running app did not log the second launch",
    });

    // Still the one window, and it answers a click.
    assert.deepEqual(await browser.getWindowHandles(), handles);
    await (await browser.$("#start-setup")).click();
    await (await browser.$('[data-profile="vonage-ai-studio"]')).waitForClickable({ timeout: 10_000 });
    await shot(browser, "60-after-second-launch");
  } catch (err) {
    await shot(browser, "zz-failure-single-instance");
    throw err;
  } finally {
    if (second && second.exitCode === null && second.signalCode === null) second.kill("SIGKILL");
    await browser.deleteSession();
  }
});

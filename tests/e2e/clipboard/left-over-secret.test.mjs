// The app is killed (SIGKILL: no quit, nothing cleared) a few seconds after copying the
// Consumer Secret, which a clipboard manager has taken over (xclip plays it, as in
// secret-clipboard.test.mjs), so the secret outlives the app as it does on Windows and macOS.
// The copy left a trace (a salted hash in the data folder, never the secret); the next start
// finds the clipboard still holding that value and clears it. The running app also writes no
// core dump (its core size limit is 0). The secret is compared, never printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { launch, shot, typeInto, waitForText, walkToCredentials } from "../session.mjs";
import { appWindow } from "../x11.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const trace = () => path.join(process.env.XDG_DATA_HOME, "dev.ecasetup.assistant", "clipboard-copy.json");

/** The clipboard's text; empty when nobody owns it. */
function clipboard() {
  const run = spawnSync("xclip", ["-selection", "clipboard", "-o"], { encoding: "utf8", timeout: 5000 });
  return run.status === 0 ? run.stdout : "";
}

function ended(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z");
  } catch {
    return true;
  }
}

/** Goes back to the home screen and deletes the setup the window shows, so the next test starts
 * from an empty home screen. */
async function deleteTheOpenSetup(browser) {
  await (await browser.$("button*=All setups")).waitForClickable({ timeout: 15_000 });
  await (await browser.$("button*=All setups")).click();
  await (await browser.$(".setup-card .button--danger-quiet")).waitForClickable({ timeout: 10_000 });
  const cards = (await browser.$$(".setup-card")).length;
  await (await browser.$(".setup-card .button--danger-quiet")).click();
  await (await browser.$("dialog[open] .button--danger")).click();
  await browser.waitUntil(async () => (await browser.$$(".setup-card")).length === cards - 1, { timeout: 10_000 });
}

/** The soft and hard core size limits of `pid`, as /proc/PID/limits shows them. */
function coreLimits(pid) {
  const line = fs
    .readFileSync(`/proc/${pid}/limits`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("Max core file size"));
  return line.replace("Max core file size", "").trim().split(/\s+/).slice(0, 2);
}

test("a secret left on the clipboard by a killed app is cleared at the next start", async () => {
  let browser = await launch();
  let manager;
  let secret;
  try {
    // An earlier test may have left its setup open, which the app resumes to.
    const home = await browser.$("#start-practice");
    const back = await browser.$("button*=All setups");
    await browser.waitUntil(async () => (await home.isExisting()) || (await back.isExisting()), { timeout: 15_000 });
    if (await back.isExisting()) await back.click();
    await (await browser.$("#start-practice")).waitForClickable({ timeout: 15_000 });
    await (await browser.$("#start-practice")).click();
    await (await browser.$('[data-profile="service-board-sync"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    await (await browser.$("#inputs-next")).click();
    await walkToCredentials(browser);
    await (await browser.$("#fill-practice")).click();
    await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"), {
      timeout: 5000,
    });
    secret = await (await browser.$("#consumer-secret")).getValue();
    assert.ok(secret.length >= 32, "the practice secret is filled in");
    // A name of its own: the connection stays, and the next test saves its own default one.
    await typeInto(browser, "#connection-name", "Left-over clipboard test");
    await (await browser.$("#save-credentials")).click();
    await waitForText(browser, "#verify-title", "Connect & verify");
    await (await browser.$('[data-step-link="partner"]')).click();
    await (await browser.$('[data-copy-credential="consumer_secret"]')).waitForClickable({ timeout: 10_000 });
    await (await browser.$('[data-copy-credential="consumer_secret"]')).click();
    await waitForText(browser, "#copied-consumer_secret", "Consumer Secret copied. The clipboard is cleared in 60 seconds.");
    assert.ok(clipboard() === secret, "the secret is on the clipboard");

    // The copy left its trace, which holds no part of the secret and only its owner reads.
    assert.ok(fs.existsSync(trace()), "the copy left a trace in the data folder");
    const text = fs.readFileSync(trace(), "utf8");
    assert.ok(!text.includes(secret) && !text.includes(secret.slice(0, 12)), "the trace holds a hash, not the secret");
    assert.equal(fs.statSync(trace()).mode & 0o777, 0o600);

    // A clipboard manager takes the text over, then the app is killed before its minute ends.
    manager = spawn("xclip", ["-quiet", "-selection", "clipboard", "-i"], { stdio: ["pipe", "ignore", "ignore"] });
    manager.stdin.end(secret);
    await browser.waitUntil(() => spawnSync("xclip", ["-selection", "clipboard", "-o", "-t", "TARGETS"], { encoding: "utf8" }).stdout.includes("x-kde-passwordManagerHint") === false, {
      timeout: 5000,
      timeoutMsg: "xclip did not take the clipboard over",
    });
    const { pid } = appWindow();
    assert.deepEqual(coreLimits(pid), ["0", "0"], "the app runs with core dumps off");
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 50 && !ended(pid); i++) await sleep(100);
    assert.ok(ended(pid), "the app was killed");
    await sleep(500);
    assert.ok(clipboard() === secret, "the secret outlived the killed app");
    assert.ok(fs.existsSync(trace()), "and so did its trace");
  } catch (err) {
    await shot(browser, "zz-failure-left-over-first").catch(() => {});
    if (manager && manager.exitCode === null) manager.kill();
    throw err;
  } finally {
    await browser.deleteSession().catch(() => {});
  }

  browser = await launch();
  try {
    let cleared = false;
    for (let i = 0; i < 100 && !cleared; i++) {
      cleared = clipboard() !== secret;
      if (!cleared) await sleep(100);
    }
    assert.ok(cleared, "the next start did not clear the secret the killed app left");
    assert.equal(clipboard(), "", "the clipboard is empty");
    assert.ok(!fs.existsSync(trace()), "the trace is gone once the clipboard is cleared");
    // The app resumed to the setup; the next test starts from the home screen.
    await deleteTheOpenSetup(browser);
  } catch (err) {
    await shot(browser, "zz-failure-left-over-second").catch(() => {});
    throw err;
  } finally {
    if (manager && manager.exitCode === null) manager.kill();
    await browser.deleteSession().catch(() => {});
  }
});

test("at start, text copied since the trace was left stays on the clipboard", async () => {
  // A trace from an earlier run whose value is no longer on the clipboard: something else is.
  fs.writeFileSync(trace(), JSON.stringify({ salt: "00112233445566778899aabbccddeeff", sha256: "00".repeat(32) }), {
    mode: 0o600,
  });
  const manager = spawn("xclip", ["-quiet", "-selection", "clipboard", "-i"], { stdio: ["pipe", "ignore", "ignore"] });
  manager.stdin.end("notes the admin copied since");
  for (let i = 0; i < 50 && clipboard() !== "notes the admin copied since"; i++) await sleep(100);
  const browser = await launch();
  try {
    for (let i = 0; i < 50 && fs.existsSync(trace()); i++) await sleep(100);
    assert.ok(!fs.existsSync(trace()), "the start read the trace and removed it");
    assert.equal(clipboard(), "notes the admin copied since", "the admin's own text stays");
  } finally {
    manager.kill();
    await browser.deleteSession().catch(() => {});
  }
});

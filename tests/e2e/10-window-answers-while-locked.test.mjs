// Another program holds the saved setups' lock (a command line suspended with Ctrl+Z, played by
// util-linux `flock` on the same lock file) while the admin types the app's name: the window
// keeps answering at once, the change waits off the window's thread and fails after its 5 s
// with the sentence that says why, and once the lock is free the next change is saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { launch, shot, waitForText } from "./session.mjs";

const setupsDir = () => path.join(process.env.XDG_DATA_HOME, "dev.ecasetup.assistant", "setups");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether someone holds the lock on `file` (a non-blocking try fails). */
const locked = (file) => spawnSync("flock", ["--nonblock", "--exclusive", file, "true"]).status !== 0;

/** The saved setups' app names. */
function savedAppNames() {
  return fs
    .readdirSync(setupsDir())
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(setupsDir(), name), "utf8")).inputs?.app_name);
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

/** How long one WebDriver round trip into the page takes, and what it read. */
async function roundTrip(browser) {
  const started = Date.now();
  const value = await browser.execute(() => document.getElementById("app_name").value);
  return { ms: Date.now() - started, value };
}

test("the window answers while another program holds the setups lock", async () => {
  const browser = await launch();
  let holder;
  try {
    await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
    await (await browser.$("#start-setup")).click();
    await (await browser.$('[data-profile="vonage-ai-studio"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    const lockFile = path.join(setupsDir(), ".lock");
    assert.ok(fs.existsSync(lockFile), "creating the setup made the lock file");

    // --no-fork: the holder is one process, whose end frees the lock.
    holder = spawn("flock", ["--exclusive", "--no-fork", lockFile, "sleep", "60"], { stdio: "ignore" });
    for (let i = 0; i < 50 && !locked(lockFile); i++) await sleep(100);
    assert.ok(locked(lockFile), "the other program holds the lock");

    // The admin types; each pause of 250 ms sends the change, which waits for the lock.
    const input = await browser.$("#app_name");
    await input.click();
    await browser.execute(() => document.getElementById("app_name").select());
    const typed = "Acme Voice Bridge";
    const typing = Date.now();
    for (const word of typed.split(/(?= )/)) {
      await input.addValue(word);
      await sleep(400);
    }
    const typingMs = Date.now() - typing;

    // For the next 6 s (past the 5 s the change waits), every round trip answers at once.
    let slowest = 0;
    const watching = Date.now();
    while (Date.now() - watching < 6_000) {
      const { ms, value } = await roundTrip(browser);
      slowest = Math.max(slowest, ms);
      assert.equal(value, typed, "the field shows what was typed");
      await sleep(100);
    }
    console.log(`typing took ${typingMs} ms; the slowest round trip while locked took ${slowest} ms`);
    assert.ok(slowest < 1_000, `the window stopped answering for ${slowest} ms while the lock was held`);
    assert.ok(typingMs < 3 * 400 + 2_000, `typing three words took ${typingMs} ms`);

    // The change really waited for the lock: it gave up with the reason, and saved nothing.
    await waitForText(
      browser,
      ".banner--error strong",
      `Another ECA Setup Assistant (a second window or eca-setup-cli) has been changing the same saved files for over 5 seconds, so this change was not made (lock file: ${lockFile}).`,
    );
    assert.ok(!savedAppNames().includes(typed), "nothing was saved while the lock was held");
    await shot(browser, "95-lock-held-window-answers");

    // The other program lets go: the next keystroke is saved.
    holder.kill();
    for (let i = 0; i < 50 && locked(lockFile); i++) await sleep(100);
    await (await browser.$(".banner--error button")).click();
    await input.addValue("s");
    await browser.waitUntil(() => savedAppNames().includes(`${typed}s`), {
      timeout: 10_000,
      timeoutMsg: `the app name was not saved once the lock was free (saved: ${savedAppNames().join(", ")})`,
    });

    // The next test starts from an empty home screen.
    await deleteTheOpenSetup(browser);
    assert.deepEqual(savedAppNames(), [], "the setup's file is gone");
  } catch (err) {
    await shot(browser, "zz-failure-lock-held").catch(() => {});
    throw err;
  } finally {
    if (holder && holder.exitCode === null) holder.kill();
    await browser.deleteSession();
  }
});

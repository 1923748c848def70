// The Consumer Secret the app copies, in the real window: marked for clipboard managers to keep
// out of their history (the `x-kde-passwordManagerHint` target, valued `secret`), and gone from
// the clipboard when the admin closes the window, well before its minute is up, even though a
// clipboard manager that ignores the mark has taken its own copy (xclip plays that manager, and
// holds the text after the app ends as Windows and macOS do). Run by scripts/e2e.sh without
// ECA_SETUP_CLIPBOARD_SECONDS, so only quitting can clear it within the test. The secret is
// compared, never printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { launch, shot, waitForText, walkToCredentials } from "../session.mjs";
import { appWindow, closeWindow } from "../x11.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the clipboard offers as `target` (its text by default); empty when nobody owns it. */
function clipboard(target = "UTF8_STRING") {
  const run = spawnSync("xclip", ["-selection", "clipboard", "-o", "-t", target], { encoding: "utf8", timeout: 5000 });
  return run.status === 0 ? run.stdout : "";
}

/** Whether `pid` has ended (a zombie waiting for its parent has). */
function ended(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z");
  } catch {
    return true;
  }
}

test("a copied secret is marked for clipboard managers and leaves the clipboard when the app quits", async () => {
  const browser = await launch();
  let manager;
  try {
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
    const secret = await (await browser.$("#consumer-secret")).getValue();
    assert.ok(secret.length >= 32, "the practice secret is filled in");
    await (await browser.$("#save-credentials")).click();
    await waitForText(browser, "#verify-title", "Connect & verify");
    await (await browser.$('[data-step-link="partner"]')).click();
    await (await browser.$('[data-copy-credential="consumer_secret"]')).waitForClickable({ timeout: 10_000 });
    await (await browser.$('[data-copy-credential="consumer_secret"]')).click();
    // The default minute: nothing but quitting clears it while this test runs.
    await waitForText(browser, "#copied-consumer_secret", "Consumer Secret copied. The clipboard is cleared in 60 seconds.");
    assert.ok(clipboard() === secret, "the secret is on the clipboard");

    // Marked as a secret, the way KeePassXC marks a password: clipboard managers that honour it
    // (Klipper, CopyQ, GPaste) keep it out of their history.
    const targets = clipboard("TARGETS").split("\n").filter(Boolean);
    assert.ok(targets.includes("x-kde-passwordManagerHint"), `the clipboard offers ${targets.join(", ")}`);
    assert.equal(clipboard("x-kde-passwordManagerHint"), "secret");
    await shot(browser, "70-secret-copied");

    // A clipboard manager that ignores the mark takes the text over and serves it itself.
    manager = spawn("xclip", ["-quiet", "-selection", "clipboard", "-i"], { stdio: ["pipe", "ignore", "ignore"] });
    manager.stdin.end(secret);
    await browser.waitUntil(async () => !clipboard("TARGETS").includes("x-kde-passwordManagerHint"), {
      timeout: 5000,
      timeoutMsg: "xclip did not take the clipboard over",
    });
    assert.ok(clipboard() === secret, "the manager's copy is the secret");
    const managerGone = new Promise((resolve) => manager.once("exit", resolve));

    // The admin closes the window: the app quits, and takes the secret with it.
    const app = appWindow();
    await closeWindow(app.id);
    for (let i = 0; i < 100 && !ended(app.pid); i++) await sleep(100);
    assert.ok(ended(app.pid), "the app quit when its window was closed");
    let cleared = false;
    for (let i = 0; i < 50 && !cleared; i++) {
      cleared = clipboard() !== secret;
      if (!cleared) await sleep(100);
    }
    assert.ok(cleared, "the clipboard still holds the secret after the app quit");
    assert.equal(clipboard(), "", "the clipboard is empty");
    await Promise.race([managerGone, sleep(2000)]);
    assert.notEqual(manager.exitCode, null, "the manager lost the clipboard and ended");
  } catch (err) {
    await shot(browser, "zz-failure-clipboard").catch(() => {});
    throw err;
  } finally {
    if (manager && manager.exitCode === null) manager.kill();
    // The app has quit on its own; the session has nothing left to close.
    await browser.deleteSession().catch(() => {});
  }
});

// The system's own save and folder dialogs, driven as a person would with the keyboard
// (xdotool under Xvfb): the report and the metadata folder are saved where a typed path says,
// Cancel (Escape) saves nothing, and the window keeps answering while a dialog is open. Run by
// scripts/e2e.sh without ECA_SETUP_SAVE_DIR, which stands in for the dialogs elsewhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, shot, typeInto, waitForText } from "../session.mjs";

const xdo = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();
const windows = () => xdo("search", "--onlyvisible", "--name", ".*").split("\n");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clicks `selector` and returns the dialog window called `title` that it opens. */
async function openDialog(browser, selector, title) {
  const before = windows();
  await (await browser.$(selector)).click();
  for (let i = 0; i < 100; i++) {
    for (const id of windows().filter((w) => !before.includes(w))) {
      if (xdo("getwindowname", id) === title) return id;
    }
    await sleep(100);
  }
  throw new Error(`${selector} opened no “${title}” dialog`);
}

/** The window still answers while the dialog is open: the app is not frozen. */
async function answersWhileOpen(browser) {
  const started = Date.now();
  assert.equal(await browser.getTitle(), "ECA Setup Assistant");
  assert.ok(Date.now() - started < 2000, "the window answered at once");
}

function typeInDialog(id, keys, text) {
  xdo("windowfocus", "--sync", id);
  xdo("key", "--clearmodifiers", keys);
  xdo("type", "--delay", "20", text);
}

function pressInDialog(id, key) {
  xdo("windowfocus", "--sync", id);
  xdo("key", "--clearmodifiers", key);
}

async function gone(id) {
  for (let i = 0; i < 50 && windows().includes(id); i++) await sleep(100);
  assert.ok(!windows().includes(id), "the dialog closed");
}

test("reports and metadata go through the real dialogs, and Cancel saves nothing", async () => {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "eca-dialogs-"));
  const browser = await launch();
  try {
    await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
    await (await browser.$("#start-setup")).click();
    await (await browser.$('[data-profile="webex"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    await typeInto(browser, "#domain", "acme.my.salesforce.com");
    await typeInto(browser, "#contact_email", "salesforce-admins@acme.com");
    await (await browser.$("#app_name")).click();
    await browser.pause(500);
    await (await browser.$('[data-step-link="finished"]')).click();
    await (await browser.$("#advanced-exports summary")).click();
    await (await browser.$("#export-metadata")).waitForClickable({ timeout: 10_000 });

    // The folder dialog: typed into its location bar, Enter chooses the folder.
    let dialog = await openDialog(browser, "#export-metadata", "Select Folder");
    await answersWhileOpen(browser);
    await shot(browser, "60-folder-dialog-open");
    typeInDialog(dialog, "ctrl+l", target);
    await sleep(500);
    pressInDialog(dialog, "Return");
    await gone(dialog);
    const metadata = path.join(target, "Webex-metadata");
    await waitForText(browser, "#report-saved", `Saved to ${metadata}`);
    assert.ok(fs.existsSync(path.join(metadata, "README.md")), "the folder was exported");

    // Cancel: nothing more is written, and the window goes on working.
    dialog = await openDialog(browser, "#export-metadata", "Select Folder");
    pressInDialog(dialog, "Escape");
    await gone(dialog);
    await answersWhileOpen(browser);
    assert.deepEqual(fs.readdirSync(target), ["Webex-metadata"]);

    // The save dialog: the typed path replaces the suggested name, Enter saves.
    const report = path.join(target, "setup-report.pdf");
    dialog = await openDialog(browser, '[data-export="pdf"]', "Save File");
    await answersWhileOpen(browser);
    typeInDialog(dialog, "ctrl+a", report);
    pressInDialog(dialog, "Return");
    await gone(dialog);
    await waitForText(browser, "#report-saved", `Saved to ${report}`);
    assert.equal(fs.readFileSync(report).subarray(0, 5).toString(), "%PDF-");

    dialog = await openDialog(browser, '[data-export="pdf"]', "Save File");
    pressInDialog(dialog, "Escape");
    await gone(dialog);
    await answersWhileOpen(browser);
    assert.deepEqual(fs.readdirSync(target).sort(), ["Webex-metadata", "setup-report.pdf"]);
    await shot(browser, "61-after-the-real-dialogs");

    // Leave the home screen as it was for the tests after this one.
    await (await browser.$("button*=All setups")).click();
    await (await browser.$(".setup-card .button--danger-quiet")).click();
    await (await browser.$("dialog[open] .button--danger")).click();
  } catch (err) {
    await shot(browser, "zz-failure-real-dialogs");
    throw err;
  } finally {
    await browser.deleteSession();
    fs.rmSync(target, { recursive: true, force: true });
  }
});

// axe must see what is in an open modal dialog: a dark-theme "Delete setup" button drawn white on
// #FF8A8F (about 2.3:1) once passed every check, because the dialog's state was photographed but
// never checked. This opens the real delete dialog, paints its red button that way, and requires
// axe to report color-contrast on it; with the app's own colours the same dialog is clean. It
// also checks that the window has the width the run asked for (ECA_E2E_WIDTH).
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations } from "./accessibility.mjs";
import { launch, shot, width } from "./session.mjs";

async function click(browser, selector) {
  const element = await browser.$(selector);
  await element.waitForClickable({ timeout: 15_000 });
  await element.click();
}

test("axe reports a contrast failure inside an open dialog", async () => {
  const browser = await launch();
  try {
    const innerWidth = await browser.execute(() => window.innerWidth);
    assert.ok(Math.abs(innerWidth - width) <= 20, `the window is ${innerWidth} px wide, not about ${width}`);

    // A practice setup to delete: start one, then go back to the list of setups.
    const home = await browser.$("#home-title");
    if (!(await home.isExisting())) await click(browser, ".setup__header .button--quiet");
    await click(browser, "#start-practice");
    await click(browser, '[data-profile="service-board-sync"]');
    await (await browser.$("#inputs-title")).waitForExist({ timeout: 15_000 });
    await click(browser, ".setup__header .button--quiet");
    await click(browser, ".setup-card .button--danger-quiet");
    await (await browser.$("dialog[open] .button--danger")).waitForDisplayed({ timeout: 5000 });

    // The app's own colours: the open dialog passes (shot() checks it with axe).
    await shot(browser, "90-delete-dialog-axe");

    // The review's failure, put back: white on light red. (Through the element's style: the
    // app's content security policy refuses a <style> element added at run time.)
    const paint = (colours) =>
      browser.execute((set) => {
        const button = document.querySelector("dialog[open] .button--danger");
        for (const [name, value] of Object.entries(set)) button.style.setProperty(name, value, value && "important");
        return getComputedStyle(button).backgroundColor;
      }, colours);
    const painted = await paint({ "background-color": "#ff8a8f", "border-color": "#ff8a8f", color: "#ffffff" });
    assert.equal(painted, "rgb(255, 138, 143)", "the low-contrast colours did not apply");
    const violations = await axeViolations(browser);
    const contrast = violations.find((v) => v.id === "color-contrast");
    assert.ok(contrast, `axe did not report the 2.3:1 button; it reported ${JSON.stringify(violations)}`);
    assert.equal(contrast.impact, "serious");
    assert.ok(
      contrast.nodes.some((node) => node.includes("background color: #ff8a8f")),
      `the contrast failure is not the dialog's red button: ${contrast.nodes.join("; ")}`,
    );

    await paint({ "background-color": "", "border-color": "", color: "" });
    const after = await axeViolations(browser);
    assert.deepEqual(after.filter((v) => v.id === "color-contrast"), [], "the app's own colours fail contrast");
    await click(browser, "dialog[open] .button--danger");
    await browser.waitUntil(async () => !(await (await browser.$("dialog[open]")).isExisting()), { timeout: 5000 });
  } finally {
    await browser.deleteSession();
  }
});

// A practice setup from the home screen to the saved connections with the keyboard alone: Tab,
// Shift+Tab, Enter and Escape, no clicks. Every stop of the focus must be visible, each new
// screen must put the focus on its heading, a dialog must close on Escape and give the focus
// back. scripts/e2e.sh runs this file in the light theme and again with GTK in its dark theme
// (ECA_E2E_THEME=dark), each at 1280 px and at 900 px (ECA_E2E_WIDTH); every screen, the open
// dialog included, is photographed and checked with axe (shot() does both) in all four.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, shot } from "./session.mjs";

const theme = process.env.ECA_E2E_THEME ?? "light";
let shots = 0;

/** The focused element: how it is named, and whether its focus ring can be seen. */
function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "BODY", ring: false, text: "", id: "" };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return {
      tag: el.tagName,
      id: el.id,
      text: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\s+/g, " "),
      attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
      ring: Boolean(outline || shadow),
      inDialog: Boolean(el.closest("dialog[open]")),
      heading: /^H[1-3]$/.test(el.tagName),
    };
  });
}

/** Presses Tab until the focus is on an element `wanted` accepts; every stop must show a ring. */
async function tabTo(browser, wanted, what, { backwards = false } = {}) {
  const seen = [];
  for (let i = 0; i < 60; i += 1) {
    await browser.keys(backwards ? ["Shift", "Tab"] : ["Tab"]);
    const now = await focused(browser);
    seen.push(now.id || now.text.slice(0, 30) || now.tag);
    if (now.tag !== "BODY" && !now.heading) assert.ok(now.ring, `no visible focus on ${seen.at(-1)}`);
    if (wanted(now)) return now;
  }
  throw new Error(`Tab never reached ${what}; it went through: ${seen.join(" → ")}`);
}

const byId = (id) => (el) => el.id === id;
const byText = (pattern) => (el) => pattern.test(el.text);
const byAttr = (name, value) => (el) => el.attrs?.[name] === value;

async function press(browser, wanted, what) {
  await tabTo(browser, wanted, what);
  await browser.keys(["Enter"]);
}

/** The new screen has put the focus on its heading, whose id is `headingId`. */
async function arrivedAt(browser, headingId, name) {
  await browser.waitUntil(async () => (await focused(browser)).id === headingId, {
    timeout: 15_000,
    timeoutMsg: `the focus did not move to #${headingId}`,
  });
  shots += 1;
  await shot(browser, `k-${theme}-${String(shots).padStart(2, "0")}-${name}`);
}

test(`a practice setup with the keyboard alone (${theme} theme)`, async () => {
  const browser = await launch();
  try {
    const dark = await browser.execute(() => matchMedia("(prefers-color-scheme: dark)").matches);
    assert.equal(dark, theme === "dark", "the window follows the desktop's theme");

    // A window from an earlier test may reopen its setup; the keyboard goes home from there.
    await browser.waitUntil(async () => (await focused(browser)).heading, { timeout: 15_000 });
    if ((await focused(browser)).id !== "home-title") await press(browser, byText(/All setups/), "All setups");
    await arrivedAt(browser, "home-title", "home");

    await press(browser, byId("start-practice"), "Practice on this computer");
    await arrivedAt(browser, "pick-title", "pick-integration");
    await press(browser, byAttr("data-profile", "service-board-sync"), "Service Board Sync");
    await arrivedAt(browser, "inputs-title", "org-and-app");
    await press(browser, byId("inputs-next"), "Next on the org form");

    // Each Setup screen puts the focus on its own heading; Tab reaches its Next button.
    let previous = "";
    for (let step = 1; step < 20; step += 1) {
      await browser.waitUntil(
        async () => {
          const now = await focused(browser);
          return now.heading && now.text !== previous;
        },
        { timeout: 15_000, timeoutMsg: `the focus did not move to the heading after “${previous}”` },
      );
      const heading = await focused(browser);
      if (heading.id === "credentials-title") break;
      assert.equal(heading.id, "step-title");
      previous = heading.text;
      await arrivedAt(browser, heading.id, `step-${step}`);
      await press(browser, byId("next-step"), `Next on step ${step}`);
    }
    await arrivedAt(browser, "credentials-title", "credentials");
    await press(browser, byId("fill-practice"), "Fill with the practice org's key and secret");
    await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"));
    await press(browser, byId("save-credentials"), "Save");

    await arrivedAt(browser, "verify-title", "verify");
    await press(browser, byId("run-verify"), "Run the checks");
    await browser.waitUntil(async () => (await focused(browser)).id === "verify-summary", {
      timeout: 30_000,
      timeoutMsg: "the focus did not move to the result",
    });
    assert.match((await focused(browser)).text, /^✓/, "the verification passed");
    await shot(browser, `k-${theme}-${String(++shots).padStart(2, "0")}-verified`);
    await press(browser, byId("verify-next"), "Next after the checks");

    await arrivedAt(browser, "partner-title", "partner");
    await press(browser, byId("partner-next"), "Next on the partner form");
    await arrivedAt(browser, "finished-title", "finished");
    await press(browser, byText(/All setups/), "All setups");
    await arrivedAt(browser, "home-title", "home-with-setups");

    // A dialog: Enter opens it with the focus inside, Escape closes it and the focus returns.
    const opener = await tabTo(browser, byText(/^Delete/), "a setup's Delete button");
    await browser.keys(["Enter"]);
    await (await browser.$("dialog[open]")).waitForDisplayed({ timeout: 5000 });
    assert.equal((await focused(browser)).text, "Cancel", "the dialog starts on Cancel");
    // The focus stays inside the open dialog, round and round.
    for (const label of [/^Delete setup$/, /^Cancel$/, /^Delete setup$/]) {
      const stop = await tabTo(browser, byText(label), `the dialog's ${label.source} button`);
      assert.ok(stop.inDialog, "the focus left the open dialog");
    }
    await tabTo(browser, byText(/^Cancel$/), "the dialog's Cancel button", { backwards: true });
    await shot(browser, `k-${theme}-${String(++shots).padStart(2, "0")}-dialog`);
    await browser.keys(["Escape"]);
    await browser.waitUntil(async () => !(await (await browser.$("dialog[open]")).isExisting()), {
      timeout: 5000,
      timeoutMsg: "Escape did not close the dialog",
    });
    assert.equal((await focused(browser)).text, opener.text, "the focus is back on the Delete button");

    await tabTo(browser, byId("open-connections"), "Saved connections", { backwards: true });
    await browser.keys(["Enter"]);
    await arrivedAt(browser, "connections-title", "connections");
  } finally {
    await browser.deleteSession();
  }
});

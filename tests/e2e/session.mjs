// Starts the real app through tauri-driver (which scripts/e2e.sh runs) and offers the few
// helpers the tests share. Screenshots go to $ECA_E2E_OUT for a person to look at.
import { remote } from "webdriverio";
import path from "node:path";
import { assertAccessible } from "./accessibility.mjs";

/** The window's width: 1280, or the narrow side-by-side width scripts/e2e.sh also runs (900). */
export const width = Number(process.env.ECA_E2E_WIDTH ?? 1280);

export async function launch() {
  const app = process.env.ECA_E2E_APP;
  if (!app) throw new Error("ECA_E2E_APP is not set; run the tests through scripts/e2e.sh");
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.ECA_E2E_DRIVER_PORT ?? 4444),
    logLevel: "error",
    capabilities: { "tauri:options": { application: app } },
  });
  await browser.setWindowSize(width, 900).catch(() => {});
  return browser;
}

/** Saves a screenshot and checks the same state with axe: what a person can look at is checked.
 *  A "zz-" shot records a failure already under way, so it is only saved. */
export async function shot(browser, name) {
  // WebKitWebDriver can capture the frame before the last render is painted.
  await browser.pause(200);
  // The run's theme and width, unless the name already says the theme (the keyboard walk's).
  const theme = process.env.ECA_E2E_THEME ?? "light";
  const themed = theme === "light" || name.includes(`-${theme}-`) ? "" : `-${theme}`;
  const suffix = `${themed}${width === 1280 ? "" : `-w${width}`}`;
  await browser.saveScreenshot(path.join(process.env.ECA_E2E_OUT, `${name}${suffix}.png`));
  if (name.startsWith("zz-")) return;
  await assertAccessible(browser, name);
  // The header never scrolls away: only the panes under it scroll, never the page itself.
  const page = await browser.execute(() => ({
    scrolled: document.scrollingElement.scrollTop,
    over: document.scrollingElement.scrollHeight - innerHeight,
    bottoms: [...document.body.children]
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().bottom)}`)
      .join(", "),
  }));
  if (page.scrolled !== 0 || page.over > 0) {
    throw new Error(`${name}: the page scrolled ${page.scrolled}px, ${page.over}px taller than the window (where the body's children end: ${page.bottoms})`);
  }
}

export async function textOf(browser, selector) {
  const element = await browser.$(selector);
  await element.waitForDisplayed({ timeout: 10_000 });
  return (await element.getText()).trim();
}

/** Waits until the element's text equals `expected`, and fails with what it saw otherwise. */
export async function waitForText(browser, selector, expected) {
  let seen = "";
  try {
    await browser.waitUntil(
      async () => {
        const element = await browser.$(selector);
        seen = (await element.isExisting()) ? (await element.getText()).trim() : "<missing>";
        return seen === expected;
      },
      { timeout: 10_000, interval: 100 },
    );
  } catch {
    throw new Error(`${selector}: expected “${expected}”, saw “${seen}”`);
  }
}

/** Replaces an input's text the way a person does: select all, then type. */
export async function typeInto(browser, selector, text) {
  const input = await browser.$(selector);
  await input.click();
  await browser.execute((el) => el.select(), input);
  await input.addValue(text);
}

/** Clicks "Next" through the Setup screens until the credentials form shows. */
export async function walkToCredentials(browser) {
  await browser.waitUntil(
    async () => {
      if (await (await browser.$("#credentials-title")).isExisting()) return true;
      const next = await browser.$("#next-step");
      if (await next.isExisting()) await next.click();
      return false;
    },
    { timeout: 20_000, interval: 300 },
  );
}

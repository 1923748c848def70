// Runs axe-core on the screen the app shows now and fails on serious or critical violations.
// session.mjs's shot() calls it for every screenshot, so every state a person can look at (an
// open dialog, an error shown) is also checked, in the theme and at the width of the run.
// Every result is also written to $ECA_E2E_OUT/axe.json for the closing note.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The run's theme and window width, as scripts/e2e.sh sets them. */
export function runName() {
  return `${process.env.ECA_E2E_THEME ?? "light"} ${process.env.ECA_E2E_WIDTH ?? "1280"}px`;
}

/** axe's violations on the page as it is now (an open modal dialog included: axe reads the top
 *  layer like the rest of the document). */
export async function axeViolations(browser) {
  const injected = await browser.execute(() => typeof window.axe === "object");
  if (!injected) await browser.execute(axeSource);
  return browser.executeAsync((done) => {
    window.axe
      .run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
      .then((result) =>
        done(
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? ""}`.trim()).slice(0, 5),
          })),
        ),
      )
      .catch((err) => done([{ id: "axe-error", impact: "critical", help: String(err), nodes: [] }]));
  });
}

export async function assertAccessible(browser, screen) {
  const violations = await axeViolations(browser);
  const key = `${runName()}: ${screen}`;
  const file = path.join(process.env.ECA_E2E_OUT, "axe.json");
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  all[key] = violations;
  fs.writeFileSync(file, JSON.stringify(all, null, 2));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(blocking, [], `${key}: axe found serious or critical violations`);
}

// Runs axe-core on the screen the app shows now and fails on serious or critical violations.
// Every result is also written to $ECA_E2E_OUT/axe.json for the closing note.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function assertAccessible(browser, screen) {
  const injected = await browser.execute(() => typeof window.axe === "object");
  if (!injected) await browser.execute(axeSource);
  const violations = await browser.executeAsync((done) => {
    window.axe
      .run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
      .then((result) =>
        done(
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
          })),
        ),
      )
      .catch((err) => done([{ id: "axe-error", impact: "critical", help: String(err), nodes: [] }]));
  });
  const file = path.join(process.env.ECA_E2E_OUT, "axe.json");
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  all[screen] = violations;
  fs.writeFileSync(file, JSON.stringify(all, null, 2));
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(blocking, [], `${screen}: axe found serious or critical violations`);
}

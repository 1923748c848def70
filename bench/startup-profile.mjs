// Where the first screen's time goes, from the webview's own clock: launches an app through
// tauri-driver (as bench/run.mjs does) and reads the page's navigation timing, paint timing and
// the marks ui/src/main.tsx sets ("eca:script", "eca:first-data", "eca:rendered"). Not part of
// the benchmark's table; run it inside scripts/with-driver.sh (DRIVER_PORT: tauri-driver's port,
// default 4444):
//   node bench/startup-profile.mjs [BINARY[=READY-SELECTOR]]...   (PROFILE_RUNS, default 5)
// Several binaries (builds before and after a change, the empty app) are launched in turn, so
// each sees the same machine. Figures in ms; "launch→origin" is WebDriver's new session → the
// page's time origin, the rest are on the page's clock.
import path from "node:path";
import { remote } from "webdriverio";

const root = path.resolve(import.meta.dirname, "..");
const apps = (process.argv.length > 2 ? process.argv.slice(2) : [path.join(root, "target/release/eca-setup")]).map((arg) => {
  const [binary, ready = "#start-practice"] = arg.split("=");
  return { binary, ready };
});
const runs = Number(process.env.PROFILE_RUNS ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function once({ binary, ready }) {
  const launched = Date.now();
  const browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.DRIVER_PORT ?? 4444),
    logLevel: "error",
    capabilities: { "tauri:options": { application: binary } },
  });
  try {
    await browser.waitUntil(
      () =>
        browser.execute((selector) => {
          const element = document.querySelector(selector);
          return Boolean(element && !element.disabled);
        }, ready),
      { interval: 5, timeout: 20_000 },
    );
    const seen = Date.now() - launched;
    const page = await browser.execute(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const pick = (entries) => Object.fromEntries(entries.map((e) => [e.name, Math.round(e.startTime * 10) / 10]));
      return {
        timeOrigin: performance.timeOrigin,
        nav: nav
          ? {
              responseEnd: nav.responseEnd,
              domInteractive: nav.domInteractive,
              domContentLoaded: nav.domContentLoadedEventEnd,
              load: nav.loadEventEnd,
            }
          : null,
        paint: pick(performance.getEntriesByType("paint")),
        marks: pick(performance.getEntriesByType("mark")),
        resources: performance
          .getEntriesByType("resource")
          .map((e) => `${e.name.split("/").pop()} ${e.startTime.toFixed(1)}→${e.responseEnd.toFixed(1)}`),
      };
    });
    return { seen, origin: page.timeOrigin - launched, ...page };
  } finally {
    await browser.deleteSession().catch(() => {});
    await sleep(300);
  }
}

const all = apps.map(() => []);
for (let i = 0; i < runs + 1; i++) {
  for (const [n, app] of apps.entries()) {
    const run = await once(app);
    // The first launch in a session pays one-off costs (bench/run.mjs says which); not counted.
    if (i > 0) all[n].push(run);
  }
}
for (const [n, app] of apps.entries()) {
  console.log(`\n${app.binary}`);
  const figure = (name, get) => {
    const values = all[n].map(get).filter((v) => typeof v === "number");
    if (values.length) console.log(`${name.padEnd(28)} median ${median(values).toFixed(1)}  (${values.map((v) => v.toFixed(0)).join(" ")})`);
  };
  figure("launch→ready seen", (r) => r.seen);
  figure("launch→origin", (r) => r.origin);
  figure("origin→responseEnd", (r) => r.nav?.responseEnd);
  figure("origin→domInteractive", (r) => r.nav?.domInteractive);
  figure("origin→DOMContentLoaded", (r) => r.nav?.domContentLoaded);
  figure("origin→load", (r) => r.nav?.load);
  figure("origin→first-paint", (r) => r.paint["first-paint"]);
  figure("origin→first-contentful", (r) => r.paint["first-contentful-paint"]);
  for (const mark of ["eca:script", "eca:first-data", "eca:rendered"]) figure(`origin→${mark}`, (r) => r.marks[mark]);
}

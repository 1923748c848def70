// One word for each thing, everywhere an admin reads it: the screens (ui/src), every sentence the
// core and the other crates send them, the CLI and the report (string literals in
// src-tauri/crates/*/src), and the integration profiles (their values, not the partner guides'
// quotes). Each rule names the one term chosen and the others it rules out; one rules out every
// date format but the OS locale's.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");

/** [what is ruled out, the term to use instead]. */
export const RULES = [
  [/\bBack to (all )?setups\b|\bBack to home\b|\bAll Setups\b/, "“All setups” (the one back action)"],
  [/\b(built-in|pretend|simulated) org\b|\bPractice Org\b/, "“practice org” (shown as “Practice org (this computer)”)"],
  // Salesforce Help writes “connected app” in running text; its own page, button and article
  // names keep their capitals (removed below before this rule runs).
  [/[a-z,] Connected Apps?\b/, "“connected app” in running text, as Salesforce Help writes it"],
  [/[a-z,] external client apps?\b/, "“External Client App”, as the setup pages and the rest of the app write it"],
  // US spelling, as Salesforce's UI uses it.
  [
    /\b(behaviour|colour|organisation|authoris(e|ed|es|ing|ation)|recognis(e|ed|es|ing)|licence|cancelled|cancelling|catalogue|favourite|centre|analys(e|ed|es|ing)|initialis|customis|summaris|prioritis|utilis|minimis|optimis|capitalis|normalis|finalis|travelled|labelled(?!by)|modelled)\w*/i,
    "US spelling, as Salesforce's UI writes it",
  ],
  // One date format: the OS locale's, written only by ui/src/dates.ts, whose pattern the report
  // also writes its dates with.
  [
    /\.toLocale(Date|Time)?String\(|\bIntl\.DateTimeFormat\b|\.toISOString\(\)|\.toUTCString\(\)/,
    "when() from ui/src/dates.ts, the OS locale's date and time as the report writes them",
    "ui/src/dates.ts",
  ],
];

// Salesforce's own names, quoted as they appear (pages, buttons, permissions, articles, errors),
// and a guide's title.
const SALESFORCE_NAMES = [
  "Connected Apps OAuth Usage",
  "Manage Connected Apps",
  "Connected App Name",
  "Approve Uninstalled Connected Apps",
  "New Connected App",
  "Connected App to External Client App Migration",
  "Create an External Client App from a Connected App",
  "Manage Current OAuth Connected App Sessions",
  "Monitor Usage for an OAuth Connected App",
  "Delete a Connected App",
  "Username-Password Flow for Connected Apps",
  "Secure Your Connected Apps and External Client Apps",
  "Cross-org OAuth flows are not supported for this external client app",
  // A partner guide's own title.
  "How to create a Salesforce external client app",
];

function walk(dir, keep) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "bindings" || entry.name === "target" ? [] : walk(full, keep);
    return keep(full) ? [full] : [];
  });
}

/** The text an admin can read in a file, line for line (blanked elsewhere, so line numbers hold):
 *  TSX without comments, Rust string literals outside comments and tests, profile values
 *  without the guides' quotes. */
function readable(file) {
  const text = fs.readFileSync(file, "utf8");
  const blank = (source) => source.replace(/[^\n]/g, " ");
  const noComments = (source) =>
    source
      .replace(/\/\*[\s\S]*?\*\//g, blank)
      .split("\n")
      .map((line) => line.replace(/(^|\s)\/\/.*$/, ""))
      .join("\n");
  if (file.endsWith(".rs")) {
    const [code, tests = ""] = text.split(/(?=#\[cfg\(test\)\])/);
    const live = noComments(code);
    let out = "";
    let at = 0;
    for (const m of live.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      out += blank(live.slice(at, m.index)) + " " + m[1] + " ";
      at = m.index + m[0].length;
    }
    return out + blank(live.slice(at)) + blank(tests);
  }
  if (file.endsWith(".toml")) return text.replace(/quote = "(?:[^"\\]|\\.)*"/g, "").replace(/^#.*$/gm, "");
  return noComments(text);
}

function sources() {
  const ui = walk(path.join(root, "ui/src"), (f) => /\.(tsx|ts)$/.test(f));
  const crates = walk(path.join(root, "src-tauri/crates"), (f) => /\/src\/.*\.rs$/.test(f));
  const app = walk(path.join(root, "src-tauri/src"), (f) => f.endsWith(".rs"));
  const profiles = walk(path.join(root, "src-tauri/crates/core/profiles"), (f) => f.endsWith(".toml"));
  return [...ui, ...crates, ...app, ...profiles];
}

/** Each line that breaks a rule, as "file:line: match (use …)". */
export function offences(files) {
  const found = [];
  for (const file of files) {
    let text = readable(file);
    for (const name of SALESFORCE_NAMES) text = text.split(name).join("");
    // Inside curly quotes the words are someone else's (a guide, Salesforce), kept as written.
    text = text.replace(/“[^”]*”/g, "“”");
    text.split("\n").forEach((line, index) => {
      for (const [rule, instead, except] of RULES) {
        if (except && file === path.join(root, except)) continue;
        const hit = line.match(rule);
        if (hit) found.push(`${path.relative(root, file)}:${index + 1}: “${hit[0]}” (use ${instead})`);
      }
    });
  }
  return found;
}

test("every screen, message, report and profile uses one term for each thing", () => {
  const files = sources();
  assert.ok(files.length > 100, `found only ${files.length} files to read`);
  assert.deepEqual(offences(files), []);
});

test("the check catches each word it rules out", () => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync("/tmp"), "vocabulary-"));
  const samples = {
    "a.tsx": "<button>Back to all setups</button>",
    "b.tsx": "<p>Runs a pretend org here.</p>",
    "c.rs": 'fn f() -> &str { "Move the Connected App first" }',
    "d.tsx": "<p>This behaviour is expected.</p>",
    "e.toml": 'note = "Create the external client app."',
    "f.tsx": "<p>Saved {new Date(at).toLocaleString()}</p>",
  };
  for (const [name, text] of Object.entries(samples)) fs.writeFileSync(path.join(dir, name), text);
  const files = Object.keys(samples).map((name) => path.join(dir, name));
  assert.equal(offences(files).length, Object.keys(samples).length, offences(files).join("\n"));
  // Salesforce's own names and quoted words are left as written.
  fs.writeFileSync(path.join(dir, "ok.tsx"), "<p>Open Connected Apps OAuth Usage; the guide says “the external client app”.</p>");
  assert.deepEqual(offences([path.join(dir, "ok.tsx")]), []);
  fs.rmSync(dir, { recursive: true });
});

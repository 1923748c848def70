// What actionlint does not check in the workflows: every action is pinned to a full commit SHA
// (a tag or branch can be moved to other code after review), with the tag it was read from in a
// comment; and in every job, packages are installed before, never after, the first step that
// sees a secret, with their install scripts off.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const folder = path.join(import.meta.dirname, "..", "..", ".github", "workflows");
const workflows = fs
  .readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), "utf8") }));

/** Each `uses:` that is not pinned to a 40-hex commit with a comment, as "file:line: text". */
function unpinned(text, file) {
  const found = [];
  text.split("\n").forEach((line, i) => {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!match) return;
    const [, target, comment] = match;
    // A local action is this repository's own code at this commit.
    if (target.startsWith("./")) return;
    const pinned = /^docker:\/\/.+@sha256:[0-9a-f]{64}$/.test(target) || /^[^@\s]+@[0-9a-f]{40}$/.test(target);
    if (!pinned) found.push(`${file}:${i + 1}: ${target} is not pinned to a commit SHA`);
    else if (!comment || comment.replace("#", "").trim() === "")
      found.push(`${file}:${i + 1}: ${target} has no comment naming the tag it was read from`);
  });
  return found;
}

/** The workflow's jobs, each as its list of steps (each step the text of its lines). */
function jobsOf(text) {
  const jobs = new Map();
  let inJobs = false;
  let job = null;
  let step = null;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) {
      inJobs = line.startsWith("jobs:");
      job = null;
      continue;
    }
    if (!inJobs) continue;
    const jobName = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (jobName) {
      job = [];
      jobs.set(jobName[1], job);
      step = null;
      continue;
    }
    if (!job) continue;
    if (/^ {6}- /.test(line)) {
      step = [line];
      job.push(step);
    } else if (step && (/^ {8}/.test(line) || line.trim() === "")) {
      step.push(line);
    } else {
      step = null;
    }
  }
  return new Map([...jobs].map(([name, steps]) => [name, steps.map((lines) => lines.join("\n"))]));
}

const INSTALLS = /\bnpm (?:ci|install|i)\b|\bnpx (?!--no\b)|\byarn\b|\bpnpm\b|\bcargo install\b|\bpip install\b/;

/** Each job's ordering problems: installs after a secret, or with lifecycle scripts on. */
function installProblems(text, file) {
  const found = [];
  for (const [job, steps] of jobsOf(text)) {
    const firstSecret = steps.findIndex((step) => /\$\{\{\s*secrets\./.test(step));
    steps.forEach((step, i) => {
      const installs = step
        .split("\n")
        .filter((line) => INSTALLS.test(line) && !/^\s*#/.test(line) && !/^\s*-?\s*name:/.test(line));
      for (const line of installs) {
        if (firstSecret !== -1 && i >= firstSecret)
          found.push(`${file}: job ${job}, step ${i + 1} installs packages at or after the first step with a secret: ${line.trim()}`);
        if (/\bnpm (?:ci|install|i)\b/.test(line) && firstSecret !== -1 && !/--ignore-scripts\b/.test(line))
          found.push(`${file}: job ${job}, step ${i + 1} runs install scripts in a job that later sees secrets: ${line.trim()}`);
      }
    });
  }
  return found;
}

test("the workflows exist and have jobs with steps", () => {
  const release = workflows.find((w) => w.name === "release.yml");
  assert.ok(release, `no release.yml in ${folder}`);
  const jobs = jobsOf(release.text);
  assert.deepEqual([...jobs.keys()], ["test", "package"]);
  for (const [name, steps] of jobs) assert.ok(steps.length > 3, `job ${name} has its steps`);
});

test("every action is pinned to a commit SHA, with its tag in a comment", () => {
  for (const { name, text } of workflows) assert.deepEqual(unpinned(text, name), []);
});

test("packages are installed before any step that sees a secret, without install scripts", () => {
  for (const { name, text } of workflows) assert.deepEqual(installProblems(text, name), []);
});

test("the release job installs npm packages, then reaches the signing secrets", () => {
  const steps = jobsOf(workflows.find((w) => w.name === "release.yml").text).get("package");
  const install = steps.findIndex((step) => /npm ci --ignore-scripts/.test(step));
  const secret = steps.findIndex((step) => /secrets\.(?:WINDOWS|APPLE)_/.test(step));
  assert.ok(install !== -1 && secret !== -1 && install < secret, `install at step ${install + 1}, first secret at ${secret + 1}`);
});

test("the checks find what they should", () => {
  const broken = [
    "on: push",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020",
    "      - uses: dtolnay/rust-toolchain@stable",
    "      - uses: some/action@49933ea # short SHA",
    "      - uses: ./.github/actions/local",
    "      - name: sign",
    "        env:",
    "          KEY: ${{ secrets.KEY }}",
    "        run: echo signing",
    "      - run: npm install",
    "      - run: npx tauri build",
    "",
  ].join("\n");
  assert.deepEqual(unpinned(broken, "broken.yml"), [
    "broken.yml:6: actions/checkout@v4 is not pinned to a commit SHA",
    "broken.yml:7: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 has no comment naming the tag it was read from",
    "broken.yml:8: dtolnay/rust-toolchain@stable is not pinned to a commit SHA",
    "broken.yml:9: some/action@49933ea is not pinned to a commit SHA",
  ]);
  assert.deepEqual(installProblems(broken, "broken.yml"), [
    "broken.yml: job build, step 7 installs packages at or after the first step with a secret: - run: npm install",
    "broken.yml: job build, step 7 runs install scripts in a job that later sees secrets: - run: npm install",
    "broken.yml: job build, step 8 installs packages at or after the first step with a secret: - run: npx tauri build",
  ]);
});

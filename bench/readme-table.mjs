// The README's Performance table, as bench/run.mjs measured it: the lines between the two
// markers below are rewritten by every full run of scripts/bench.sh, with the date and the
// machine, so the figures a reader sees are always one run's, never typed in by hand.
import fs from "node:fs";
import os from "node:os";

export const START = "<!-- bench:start: written by scripts/bench.sh from one run; do not edit by hand -->";
export const END = "<!-- bench:end -->";

/** `readme` with the text between the markers replaced by `section`. */
export function spliceSection(readme, section) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start || readme.indexOf(START, start + 1) !== -1) {
    throw new Error(`the README needs exactly one "${START}" followed by "${END}"`);
  }
  return `${readme.slice(0, start + START.length)}\n${section.trim()}\n${readme.slice(end)}`;
}

/** Rewrites the section in the file at `readmePath`. */
export function writeSection(readmePath, section) {
  fs.writeFileSync(readmePath, spliceSection(fs.readFileSync(readmePath, "utf8"), section));
}

/** "Debian GNU/Linux 12 (bookworm), Intel(R) Xeon(R) …, 2 cores, 24 GiB" for this machine. */
export function machine() {
  let system = os.type();
  try {
    system = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? system;
  } catch {
    // not Linux, or no os-release: the kernel's name will do
  }
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, " ").trim();
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return [system, cpu, `${os.availableParallelism()} cores`, `${memory} GiB`].filter(Boolean).join(", ");
}

/** Numbers as the README prints them: one decimal below 10, none above. */
export function num(value) {
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}

function cell(stats, unit) {
  if (!stats) return "—";
  if (stats.min === stats.max) return `${num(stats.median)} ${unit}`;
  return `${num(stats.median)} ${unit} (${num(stats.min)}–${num(stats.max)})`;
}

/**
 * The section: a line saying when, where and how, then the table. Each row is
 * { figure, ours, floor, unit, ratio?, ratioNote?, goal? } with ours and floor as
 * { median, min, max } (floor may be null); goal is the largest ratio that meets it.
 */
export function renderSection({ date, machine, runs, rows }) {
  const lines = [
    `Latest \`scripts/bench.sh\`, ${date}, on ${machine}, under Xvfb (software rendering);`,
    `median (min–max) of ${runs} run${runs === 1 ? "" : "s"}, ratios pair by pair against the empty Tauri 2 app:`,
    "",
    "| figure | ECA Setup Assistant | empty Tauri 2 | ratio | goal |",
    "|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const ratio = row.ratio === undefined ? "—" : `${row.ratio.toFixed(2)}×${row.ratioNote ? ` ${row.ratioNote}` : ""}`;
    const goal = row.goal == null ? "—" : `≤ ${row.goal.toFixed(2)}× (${row.ratio <= row.goal ? "met" : "missed"})`;
    lines.push(`| ${row.figure} | ${cell(row.ours, row.unit)} | ${cell(row.floor, row.unit)} | ${ratio} | ${goal} |`);
  }
  return lines.join("\n");
}

// tauri.conf.json's beforeBundleCommand: puts the command line (eca-setup-cli) where the .deb's
// file map takes it from, target/deb-files/eca-setup-cli. The map is a fixed path, but the binary
// is in target/debug or target/release, under target/TRIPLE when the build was given --target:
// this builds the CLI with the profile and target the app was just built with (a no-op when it is
// up to date) and copies it there. Tauri runs it from the repository root, after compiling the
// app and before bundling, with TAURI_ENV_DEBUG, TAURI_ENV_PLATFORM and TAURI_ENV_TARGET_TRIPLE set.
// Only the .deb carries the CLI; the release workflow attaches it to the release for the others.
import { spawnSync } from "node:child_process";
import console from "node:console";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

const env = process.env;
if (env.TAURI_ENV_PLATFORM !== "linux") process.exit(0);

const root = path.resolve(import.meta.dirname, "../..");
const targetDir = path.resolve(root, env.CARGO_TARGET_DIR ?? "target");
const profile = env.TAURI_ENV_DEBUG === "true" ? "debug" : "release";
const triple = env.TAURI_ENV_TARGET_TRIPLE;

// The folder the app was just built into: the one whose eca-setup is newest.
const candidates = [
  { dir: path.join(targetDir, triple ?? "-", profile), args: ["--target", triple] },
  { dir: path.join(targetDir, profile), args: [] },
].filter(({ dir }) => fs.existsSync(path.join(dir, "eca-setup")));
if (candidates.length === 0) {
  console.error(`stage-cli: no eca-setup under ${targetDir} for the ${profile} build; run it through \`tauri build\``);
  process.exit(1);
}
const built = candidates.sort(
  (a, b) => fs.statSync(path.join(b.dir, "eca-setup")).mtimeMs - fs.statSync(path.join(a.dir, "eca-setup")).mtimeMs,
)[0];

const cargo = spawnSync(
  "cargo",
  ["build", "--locked", "-p", "eca-setup-cli", ...(profile === "release" ? ["--release"] : []), ...built.args],
  { cwd: root, stdio: "inherit" },
);
if (cargo.status !== 0) process.exit(cargo.status ?? 1);

const staged = path.join(root, "target/deb-files/eca-setup-cli");
fs.mkdirSync(path.dirname(staged), { recursive: true });
fs.copyFileSync(path.join(built.dir, "eca-setup-cli"), staged);
fs.chmodSync(staged, 0o755);
console.log(`stage-cli: ${path.relative(root, path.join(built.dir, "eca-setup-cli"))} → ${path.relative(root, staged)}`);

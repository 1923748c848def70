// The test hooks (eca_core::test_hooks) exist in debug builds only: the release binaries of the
// desktop app and the command line hold none of their names, so no environment variable can
// redirect a shipped app's links, saves, clipboard or data folder. The same search finds every
// name in the debug binaries, so a miss means the names are absent, not that the search cannot
// see them.
// Run by scripts/test.sh after the debug builds and a release build without the optimiser (the
// same cfg as the shipped one; see the step there).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

// Every field of eca_core::test_hooks::TestHooks, by its variable.
const HOOKS = ["ECA_SETUP_SAVE_DIR", "ECA_SETUP_OPENER", "ECA_SETUP_CLIPBOARD_SECONDS", "ECA_SETUP_DATA_HOME"];
const BINARIES = ["eca-setup", "eca-setup-cli"];
const target = process.env.CARGO_TARGET_DIR ?? path.resolve(import.meta.dirname, "../../target");

function namesIn(profile, binary) {
  const bytes = fs.readFileSync(path.join(target, profile, binary));
  return HOOKS.filter((name) => bytes.includes(name));
}

for (const binary of BINARIES) {
  test(`the release ${binary} holds no test hook's name`, () => {
    assert.deepEqual(namesIn("release", binary), []);
  });

  test(`the debug ${binary} holds every test hook's name, so the search sees them`, () => {
    assert.deepEqual(namesIn("debug", binary), HOOKS);
  });
}

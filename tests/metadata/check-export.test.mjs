// The checker can fail: each way an export could go wrong, made on a copy of a real export,
// is reported. Needs ECA_METADATA_OUT to hold the exported folders (scripts/test.sh sets it).
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { checkExport } from "./check-export.mjs";

const exported = process.env.ECA_METADATA_OUT;
const skip = exported ? false : "ECA_METADATA_OUT is not set";
const scratch = mkdtempSync(join(tmpdir(), "eca-check-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of the Bright Pattern export, its source folder and its app's name. */
function copy(label) {
  const folder = join(scratch, label);
  cpSync(join(exported, "bright-pattern"), folder, { recursive: true });
  const name = JSON.parse(readFileSync(join(folder, "sfdx-project.json"), "utf8")).name;
  return { folder, source: join(folder, "force-app", "main", "default"), name };
}

async function assertProblem(folder, pattern) {
  const problems = await checkExport(folder);
  assert.ok(
    problems.some((problem) => pattern.test(problem)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );
}

test("every exported profile passes", { skip }, async () => {
  const folders = readdirSync(exported);
  assert.ok(folders.length >= 5, `only ${folders.length} exported folders`);
  for (const folder of folders) assert.deepEqual(await checkExport(join(exported, folder)), [], folder);
});

test("a misnamed suffix does not resolve", { skip }, async () => {
  const { folder, source, name } = copy("suffix");
  const dir = join(source, "extlClntAppGlobalOauthSets");
  renameSync(join(dir, `${name}.ecaGlblOauth-meta.xml`), join(dir, `${name}.ecaGlobalOauth-meta.xml`));
  await assertProblem(folder, /does not resolve to a metadata type/);
});

test("a misnamed folder is refused", { skip }, async () => {
  const { folder, source } = copy("folder");
  renameSync(join(source, "extlClntAppGlobalOauthSets"), join(source, "extlClntAppGlobalOauthSettings"));
  await assertProblem(folder, /belongs in extlClntAppGlobalOauthSets\/, not extlClntAppGlobalOauthSettings\//);
});

test("a file no type claims is refused", { skip }, async () => {
  const { folder, source } = copy("stray");
  writeFileSync(join(source, "extlClntAppPolicies", "notes.txt"), "left behind\n");
  await assertProblem(folder, /no metadata type claims .*notes\.txt/);
});

test("a file .forceignore hides is refused", { skip }, async () => {
  const { folder } = copy("ignored");
  writeFileSync(join(folder, ".forceignore"), "**/*.ecaPlcy-meta.xml\n");
  await assertProblem(folder, /ignored by \.forceignore/);
});

test("a missing component leaves the package short", { skip }, async () => {
  const { folder, source } = copy("missing");
  rmSync(join(source, "extlClntAppGlobalOauthSets"), { recursive: true });
  await assertProblem(folder, /converted package\.xml lists/);
});

test("a consumer secret is refused", { skip }, async () => {
  const { folder, source, name } = copy("secret");
  const file = join(source, "extlClntAppGlobalOauthSets", `${name}.ecaGlblOauth-meta.xml`);
  const xml = readFileSync(file, "utf8").replace("<externalClientApplication>", "<consumerSecret>x</consumerSecret>\n    <externalClientApplication>");
  writeFileSync(file, xml);
  await assertProblem(folder, /holds a consumer key or secret/);
});

test("a manifest that lists another app is refused", { skip }, async () => {
  const { folder, name } = copy("manifest");
  const manifest = join(folder, "manifest", "package.xml");
  writeFileSync(manifest, readFileSync(manifest, "utf8").replaceAll(`<members>${name}</members>`, "<members>Other_App</members>"));
  await assertProblem(folder, /manifest\/package\.xml lists/);
});

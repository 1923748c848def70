// Checks exported External Client App folders with Salesforce's own metadata library, the one
// `sf project deploy` runs: every file resolves to its metadata type from its folder and suffix,
// nothing is ignored or left unclaimed, and the folder converts to a deployable package whose
// package.xml lists the five types with the app's name. It does not judge the XML's content
// beyond refusing a consumer key or secret.
//
//   node tests/metadata/check-export.mjs FOLDER [FOLDER...]
//
// Exits 1 and names each problem when a folder fails.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// The library logs to ~/.sf unless told not to.
process.env.SF_DISABLE_LOG_FILE ??= "true";
const { ComponentSet, MetadataConverter, MetadataResolver } = await import("@salesforce/source-deploy-retrieve");

/** The five types one export must hold, each once. */
export const EXPECTED_TYPES = [
  "ExternalClientApplication",
  "ExtlClntAppConfigurablePolicies",
  "ExtlClntAppGlobalOauthSettings",
  "ExtlClntAppOauthConfigurablePolicies",
  "ExtlClntAppOauthSettings",
];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** `{ type: [members] }` from a package.xml, both sorted. */
export function manifestTypes(xml) {
  const types = {};
  for (const [, block] of xml.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
    const name = block.match(/<name>([^<]*)<\/name>/)?.[1] ?? "";
    types[name] = [...block.matchAll(/<members>([^<]*)<\/members>/g)].map((m) => m[1]).sort();
  }
  return Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every problem with one exported folder, as sentences; empty when it would deploy. */
export async function checkExport(folder) {
  const problems = [];
  const root = resolve(folder);
  let project;
  try {
    project = JSON.parse(readFileSync(join(root, "sfdx-project.json"), "utf8"));
  } catch (err) {
    return [`sfdx-project.json cannot be read: ${err.message}`];
  }
  const name = project.name;
  // Without it the library asks appexchange.salesforce.com for the newest version: no network here.
  const apiVersion = project.sourceApiVersion;
  if (!/^\d+\.0$/.test(apiVersion ?? "")) return [`sfdx-project.json has no sourceApiVersion like "62.0"`];
  const sourceDirs = (project.packageDirectories ?? []).map((dir) => join(root, dir.path));
  if (sourceDirs.length === 0) return ["sfdx-project.json names no package directory"];

  const resolver = new MetadataResolver();
  let components;
  try {
    components = sourceDirs.flatMap((dir) => resolver.getComponentsFromPath(dir));
  } catch (err) {
    return [`a file does not resolve to a metadata type: ${err.message}`];
  }
  for (const path of resolver.forceIgnoredPaths) problems.push(`ignored by .forceignore: ${relative(root, path)}`);

  const claimed = new Set(components.flatMap((c) => [c.xml, c.content]).filter(Boolean));
  for (const file of sourceDirs.flatMap(filesUnder)) {
    if (!claimed.has(file)) problems.push(`no metadata type claims ${relative(root, file)}`);
  }
  for (const component of components) {
    const folderName = basename(dirname(component.xml));
    if (folderName !== component.type.directoryName) {
      problems.push(
        `${relative(root, component.xml)}: a ${component.type.name} belongs in ${component.type.directoryName}/, not ${folderName}/`,
      );
    }
    if (component.fullName !== name) {
      problems.push(`${relative(root, component.xml)}: named ${component.fullName}, expected ${name}`);
    }
    const xml = readFileSync(component.xml, "utf8");
    if (/<consumer(Key|Secret)\b/.test(xml)) {
      problems.push(`${relative(root, component.xml)} holds a consumer key or secret`);
    }
  }

  const expected = Object.fromEntries(EXPECTED_TYPES.map((type) => [type, [name]]));
  const out = mkdtempSync(join(tmpdir(), "eca-mdapi-"));
  try {
    const set = new ComponentSet(components);
    set.sourceApiVersion = apiVersion;
    await new MetadataConverter().convert(set, "metadata", { type: "directory", outputDirectory: out, genUniqueDir: false });
    const convertedXml = readFileSync(join(out, "package.xml"), "utf8");
    const converted = manifestTypes(convertedXml);
    if (!convertedXml.includes(`<version>${apiVersion}</version>`)) {
      problems.push(`the converted package.xml is not for API version ${apiVersion}`);
    }
    if (JSON.stringify(converted) !== JSON.stringify(expected)) {
      problems.push(`the converted package.xml lists ${JSON.stringify(converted)}, expected ${JSON.stringify(expected)}`);
    }
    const written = manifestTypes(readFileSync(join(root, "manifest", "package.xml"), "utf8"));
    if (JSON.stringify(written) !== JSON.stringify(expected)) {
      problems.push(`manifest/package.xml lists ${JSON.stringify(written)}, expected ${JSON.stringify(expected)}`);
    }
  } catch (err) {
    problems.push(`the folder does not convert to a deployable package: ${err.message}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return problems;
}

async function main(folders) {
  if (folders.length === 0) {
    console.error("usage: node tests/metadata/check-export.mjs FOLDER [FOLDER...]");
    return 2;
  }
  let failed = 0;
  for (const folder of folders) {
    const problems = await checkExport(folder);
    if (problems.length === 0) {
      console.log(`ok   ${folder}: ${EXPECTED_TYPES.length} components resolve and convert`);
    } else {
      failed += 1;
      console.error(`FAIL ${folder}:`);
      for (const problem of problems) console.error(`  - ${problem}`);
    }
  }
  if (failed > 0) {
    console.error(`${failed} of ${folders.length} exported folders would not deploy as they are.`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}

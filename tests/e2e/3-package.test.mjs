// The .deb that `tauri build` makes (scripts/test.sh builds it before these tests): unpacked
// into a throwaway root with dpkg-deb -x, as dpkg would install it but without root, it holds
// the app and the command line in /usr/bin, a menu entry named by the app id with its
// categories and keywords, the AppStream metadata software centres read, and the icons from
// icons/; and the unpacked app opens its window under the class its menu entry names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "../..");
const debDir = path.join(path.dirname(process.env.ECA_E2E_APP), "bundle/deb");
const conf = JSON.parse(fs.readFileSync(path.join(repo, "src-tauri/tauri.conf.json"), "utf8"));
const APP_ID = conf.identifier;
const packaging = path.join(repo, "src-tauri/packaging");

function pngSize(file) {
  const header = fs.readFileSync(file).subarray(0, 24);
  assert.equal(header.toString("latin1", 1, 4), "PNG", `${file} is a PNG`);
  return [header.readUInt32BE(16), header.readUInt32BE(20)];
}

/** A desktop entry's [Desktop Entry] keys. */
function desktopEntry(file) {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("=") && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

let root;
let deb;

test.before(() => {
  const debs = fs.readdirSync(debDir).filter((file) => file.endsWith(".deb"));
  assert.equal(debs.length, 1, `one package in ${debDir}`);
  deb = path.join(debDir, debs[0]);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "eca-deb-"));
  assert.equal(spawnSync("dpkg-deb", ["-x", deb, root]).status, 0);
});

test.after(() => fs.rmSync(root, { recursive: true, force: true }));

test("the package's control fields", () => {
  const field = (name) => spawnSync("dpkg-deb", ["-f", deb, name], { encoding: "utf8" }).stdout.trim();
  assert.equal(field("Package"), "eca-setup-assistant");
  assert.equal(field("Architecture"), "amd64");
  assert.match(field("Depends"), /libwebkit2gtk-4\.1-0/);
  assert.match(field("Depends"), /libssl3/, "HTTPS goes through the system's OpenSSL");
  assert.match(field("Description"), /Salesforce External Client Apps/);
});

test("the app and the command line are in /usr/bin, and the command line runs", () => {
  for (const binary of ["eca-setup", "eca-setup-cli"]) {
    assert.ok(fs.statSync(path.join(root, "usr/bin", binary)).mode & 0o111, `${binary} is executable`);
  }
  const cli = run(path.join(root, "usr/bin/eca-setup-cli"), ["--version"]);
  assert.equal(cli.status, 0, cli.output);
  assert.equal(cli.output, `eca-setup-cli ${conf.version}`);
  const profiles = run(path.join(root, "usr/bin/eca-setup-cli"), ["profiles"]);
  assert.equal(profiles.status, 0, profiles.output);
  assert.match(profiles.output, /vonage-ai-studio/);
});

test("the menu shows one entry, named by the app id, with categories and keywords", () => {
  const apps = path.join(root, "usr/share/applications");
  const files = fs.readdirSync(apps).filter((file) => file.endsWith(".desktop"));
  // Tauri also writes one named after productName (tauri-apps/tauri#11300); Hidden=true makes it
  // count as absent, so the menu, and the AppStream launchable, see the app id's entry only.
  const shown = files.filter((file) => desktopEntry(path.join(apps, file)).Hidden !== "true");
  assert.deepEqual(shown, [`${APP_ID}.desktop`]);
  assert.deepEqual(files.sort(), [`${APP_ID}.desktop`, `${conf.productName}.desktop`].sort());

  const entry = desktopEntry(path.join(apps, `${APP_ID}.desktop`));
  assert.equal(entry.Type, "Application");
  assert.equal(entry.Name, "ECA Setup Assistant");
  assert.equal(entry.Exec, "eca-setup", "the menu starts the installed binary");
  assert.equal(entry.Icon, "eca-setup");
  assert.equal(entry.Terminal, "false");
  assert.equal(entry.Categories, "Development;WebDevelopment;");
  for (const keyword of ["Salesforce", "External Client App", "Connected App", "OAuth"]) {
    assert.ok(entry.Keywords.split(";").includes(keyword), `Keywords holds ${keyword}`);
  }
  assert.equal(entry.StartupWMClass, "eca-setup", "the window's class, so the dock matches it to the entry");
  assert.deepEqual(fs.readFileSync(path.join(apps, `${APP_ID}.desktop`)), fs.readFileSync(path.join(packaging, `${APP_ID}.desktop`)));
  const validate = run("desktop-file-validate", [path.join(apps, `${APP_ID}.desktop`)]);
  assert.equal(validate.status, 0, validate.output);
  assert.equal(validate.output, "", "no hint either");
});

test("the AppStream metadata describes this release, its launcher and its screenshots", () => {
  const file = path.join(root, `usr/share/metainfo/${APP_ID}.metainfo.xml`);
  const xml = fs.readFileSync(file, "utf8");
  assert.equal(xml, fs.readFileSync(path.join(packaging, `${APP_ID}.metainfo.xml`), "utf8"));
  const validate = run("appstreamcli", ["validate", "--no-net", "--pedantic", file]);
  assert.equal(validate.status, 0, validate.output);
  assert.match(validate.output, /Validation was successful/);

  const one = (tag) => {
    const all = [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);
    assert.equal(all.length, 1, `one <${tag}>`);
    return all[0];
  };
  assert.equal(one("id"), APP_ID);
  assert.equal(one("launchable"), `${APP_ID}.desktop`);
  assert.equal(one("name"), conf.productName);
  // The repository's licence (Cargo.toml's workspace.package) for both the app and this file.
  const license = /^license = "(.*)"$/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];
  assert.equal(one("project_license"), license);
  assert.equal(one("metadata_license"), license);
  const releases = [...xml.matchAll(/<release version="([^"]+)" date="(\d{4}-\d{2}-\d{2})"/g)];
  assert.ok(releases.length >= 1, "at least one release");
  assert.equal(releases[0][1], conf.version, "the newest release is the version being packaged");
  const binaries = [...xml.matchAll(/<binary>([^<]+)<\/binary>/g)].map((m) => m[1]);
  assert.deepEqual(binaries, ["eca-setup", "eca-setup-cli"]);
  for (const binary of binaries) assert.ok(fs.existsSync(path.join(root, "usr/bin", binary)), `the package has ${binary}`);

  // Each screenshot is a picture from the WebDriver run kept beside this file, at its stated size.
  const images = [...xml.matchAll(/<image type="source" width="(\d+)" height="(\d+)">([^<]+)<\/image>/g)];
  assert.ok(images.length >= 2, "screenshots");
  for (const [, width, height, url] of images) {
    const picture = path.join(packaging, "screenshots", path.basename(new URL(url).pathname));
    assert.deepEqual(pngSize(picture), [Number(width), Number(height)], url);
  }
});

test("the icons are in the hicolor theme at the sizes in icons/", () => {
  for (const size of [32, 128]) {
    const icon = path.join(root, `usr/share/icons/hicolor/${size}x${size}/apps/eca-setup.png`);
    assert.deepEqual(pngSize(icon), [size, size]);
    assert.deepEqual(fs.readFileSync(icon), fs.readFileSync(path.join(repo, `icons/${size}x${size}.png`)));
  }
});

test("the unpacked app opens its window, of the class the menu entry names", async () => {
  // xdotool matches one pattern per search, against the fields its flags name.
  const windows = (pid, field, pattern) =>
    spawnSync("xdotool", ["search", "--all", "--onlyvisible", "--pid", String(pid), field, pattern], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean);
  const app = spawn(path.join(root, "usr/bin/eca-setup"), [], { stdio: "ignore" });
  try {
    const started = Date.now();
    let mapped = [];
    while (mapped.length === 0 && Date.now() - started < 20_000) {
      mapped = windows(app.pid, "--name", "^ECA Setup Assistant$");
      if (mapped.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(mapped.length > 0, "the installed app maps its window");
    const { StartupWMClass } = desktopEntry(path.join(root, `usr/share/applications/${APP_ID}.desktop`));
    assert.ok(
      windows(app.pid, "--classname", `^${StartupWMClass}$`).includes(mapped[0]),
      `the window's WM_CLASS is the menu entry's StartupWMClass (${StartupWMClass})`,
    );
  } finally {
    app.kill();
  }
});

// The .deb that `tauri build` makes (scripts/test.sh builds it before these tests): unpacked
// into a throwaway root with dpkg-deb -x, as dpkg would install it but without root, it holds
// the app, a desktop-menu entry that starts it with the icon from icons/, and the unpacked app
// opens its window.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const debDir = path.join(path.dirname(process.env.ECA_E2E_APP), "bundle/deb");

function pngSize(file) {
  const header = fs.readFileSync(file).subarray(0, 24);
  assert.equal(header.toString("latin1", 1, 4), "PNG", `${file} is a PNG`);
  return [header.readUInt32BE(16), header.readUInt32BE(20)];
}

test("the .deb installs the app, its menu entry and icon, and the app starts", async () => {
  const debs = fs.readdirSync(debDir).filter((file) => file.endsWith(".deb"));
  assert.equal(debs.length, 1, `one package in ${debDir}`);
  const deb = path.join(debDir, debs[0]);

  const field = (name) => spawnSync("dpkg-deb", ["-f", deb, name], { encoding: "utf8" }).stdout.trim();
  assert.equal(field("Package"), "eca-setup-assistant");
  assert.equal(field("Architecture"), "amd64");
  assert.match(field("Depends"), /libwebkit2gtk-4\.1-0/);
  assert.match(field("Depends"), /libssl3/, "HTTPS goes through the system's OpenSSL");
  assert.match(field("Description"), /Salesforce External Client Apps/);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "eca-deb-"));
  try {
    assert.equal(spawnSync("dpkg-deb", ["-x", deb, root]).status, 0);
    const binary = path.join(root, "usr/bin/eca-setup");
    assert.ok(fs.statSync(binary).mode & 0o111, "the binary is executable");

    const apps = path.join(root, "usr/share/applications");
    const entries = fs.readdirSync(apps).filter((file) => file.endsWith(".desktop"));
    assert.equal(entries.length, 1);
    const entry = Object.fromEntries(
      fs
        .readFileSync(path.join(apps, entries[0]), "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    assert.equal(entry.Type, "Application");
    assert.equal(entry.Name, "ECA Setup Assistant");
    assert.equal(entry.Exec, "eca-setup", "the menu starts the installed binary");
    assert.equal(entry.Icon, "eca-setup");
    assert.match(entry.Categories, /Utility/);

    // The menu finds the icon by name in the hicolor theme, at the sizes in icons/.
    for (const size of [32, 128]) {
      const icon = path.join(root, `usr/share/icons/hicolor/${size}x${size}/apps/eca-setup.png`);
      assert.deepEqual(pngSize(icon), [size, size]);
      assert.deepEqual(fs.readFileSync(icon), fs.readFileSync(`icons/${size}x${size}.png`));
    }

    // The unpacked app opens its window.
    const app = spawn(binary, [], { stdio: "ignore" });
    try {
      const started = Date.now();
      let mapped = false;
      while (!mapped && Date.now() - started < 20_000) {
        mapped =
          spawnSync("xdotool", ["search", "--all", "--onlyvisible", "--pid", String(app.pid), "--name", "^ECA Setup Assistant$"])
            .status === 0;
        if (!mapped) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(mapped, "the installed app maps its window");
    } finally {
      app.kill();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// Runs after 1-wizard, which leaves no setup behind.
// Practice mode end to end in the real window: a client-credentials setup (Service Board Sync)
// and a web-server-flow setup (Vonage AI Studio, signing in through the stand-in browser),
// each with its credentials pasted, saved in the real keychain and verified against the
// practice org. Then nothing secret may be found in the app's files or output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText, walkToCredentials } from "./session.mjs";

async function startPractice(browser, profile) {
  await (await browser.$("#start-practice")).waitForClickable({ timeout: 15_000 });
  await (await browser.$("#start-practice")).click();
  await (await browser.$(`[data-profile="${profile}"]`)).click();
  await waitForText(browser, "#inputs-title", "Your org and app");
  assert.match(await (await browser.$("#domain")).getValue(), /^127\.0\.0\.1:\d+$/);
  assert.match(await textOf(browser, ".setup__profile"), /Practice mode/);
  await (await browser.$("#inputs-next")).click();
  await walkToCredentials(browser);
}

async function secretValues(browser) {
  return {
    key: await (await browser.$("#consumer-key")).getValue(),
    secret: await (await browser.$("#consumer-secret")).getValue(),
  };
}

async function verifyAndExpectSuccess(browser, name) {
  await waitForText(browser, "#verify-title", "Connect & verify");
  await (await browser.$("#run-verify")).click();
  await (await browser.$("#verify-summary")).waitForDisplayed({ timeout: 30_000 });
  const summary = await textOf(browser, "#verify-summary");
  if (!summary.startsWith("✓")) await shot(browser, `zz-verify-failed-${name}`);
  assert.match(summary, /^✓ The connection works/, summary);
  const failed = await browser.$$('[data-status="failed"]');
  assert.equal(failed.length, 0);
}

test("practice setups verify through the real window and leak nothing", async () => {
  const secrets = [];
  const browser = await launch();
  try {
    // Service Board Sync: client credentials as the integration user.
    await startPractice(browser, "service-board-sync");
    await shot(browser, "20-practice-credentials-empty");
    await (await browser.$("#fill-practice")).click();
    await browser.waitUntil(async () => (await secretValues(browser)).key.startsWith("3MVG"), { timeout: 5000 });
    const practice = await secretValues(browser);
    secrets.push(practice.secret);
    assert.equal(await (await browser.$("#consumer-secret")).getAttribute("type"), "password");

    // Pasted into the wrong fields: the form offers to swap them back.
    await typeInto(browser, "#consumer-key", practice.secret);
    await typeInto(browser, "#consumer-secret", practice.key);
    await (await browser.$("#swap-credentials")).waitForClickable({ timeout: 5000 });
    await shot(browser, "21-practice-credentials-swapped");
    await assertAccessible(browser, "credentials with swapped values");
    await (await browser.$("#swap-credentials")).click();
    assert.deepEqual(await secretValues(browser), practice);

    // A key copied with a line break and spaces is cleaned, and the form says so.
    await typeInto(browser, "#consumer-key", `  ${practice.key.slice(0, 40)}\n${practice.key.slice(40)} `);
    await (await browser.$(".paste-issue--info")).waitForDisplayed({ timeout: 5000 });
    await shot(browser, "22-practice-credentials-trimmed");
    // A key cut short is refused with a sentence.
    await typeInto(browser, "#consumer-key", practice.key.slice(0, 20));
    await (await browser.$("#consumer-key-issues .paste-issue--error")).waitForDisplayed({ timeout: 5000 });
    await typeInto(browser, "#consumer-key", practice.key);
    await (await browser.$("#save-credentials")).click();

    // The flow in plain words, named after the partner and its user; the query under Advanced.
    await waitForText(
      browser,
      "#verify-flow-meaning",
      "Service Board Sync will sign in as integration@practice.example with no person present.",
    );
    assert.equal(await (await browser.$("#verify-soql")).isDisplayed(), false, "the SOQL query waits under Advanced");
    await verifyAndExpectSuccess(browser, "sbs");
    // The header and the step list follow the verification at once, as the end screen will.
    await waitForText(browser, "#progress-text", "3 of 4 parts done");
    await waitForText(browser, '[data-step-link="verify"] .step-link__mark', "✓");
    const runAs = await textOf(browser, '[data-check="run_as"]');
    assert.match(runAs, /integration@practice\.example/);
    await shot(browser, "23-practice-verified-client-credentials");
    await assertAccessible(browser, "verify result");

    // Vonage AI Studio: the web server flow, signing in through the (stand-in) browser.
    await (await browser.$("button*=All setups")).click();
    await startPractice(browser, "vonage-ai-studio");
    await (await browser.$("#fill-practice")).click();
    await browser.waitUntil(async () => (await secretValues(browser)).key.startsWith("3MVG"), { timeout: 5000 });
    const vonage = await secretValues(browser);
    secrets.push(vonage.secret);
    await (await browser.$("#save-credentials")).click();
    await verifyAndExpectSuccess(browser, "vonage");
    assert.match(await textOf(browser, '[data-check="refresh_token"]'), /Passed/);
    assert.match(
      await textOf(browser, "#verify-tokens"),
      /Test tokens: Revoked: the refresh token and every access token issued with it no longer work/,
    );
    await shot(browser, "24-practice-verified-web-server");

    // The Vonage API Dashboard's form, in its order; the secret goes from the keychain to the
    // clipboard on a click, never through the page, and is cleared again.
    await (await browser.$("#verify-next")).click();
    await waitForText(browser, "#partner-title", "At the partner: Vonage API Dashboard");
    const labels = [];
    for (const row of await browser.$$("[data-partner-field]")) labels.push(await row.getAttribute("data-partner-field"));
    assert.deepEqual(labels, ["Name", "Consumer Secret", "Consumer Key", "Domain"]);
    assert.equal(await textOf(browser, '[data-partner-field="Name"] .sf-input'), "Practice Vonage AI Studio");
    assert.match(await textOf(browser, '[data-partner-field="Domain"] .sf-input'), /^127\.0\.0\.1:\d+$/);
    const maskedKey = `${vonage.key.slice(0, 4)}…${vonage.key.slice(-4)}`;
    await waitForText(browser, '[data-partner-field="Consumer Key"] .sf-input', maskedKey);
    await waitForText(browser, '[data-step-link="verify"] .step-link__mark', "✓");
    const clipboard = () => spawnSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8" }).stdout;
    await (await browser.$('[data-copy-credential="consumer_secret"]')).click();
    await waitForText(browser, "#copied-consumer_secret", "Consumer Secret copied. The clipboard is cleared in 3 seconds.");
    assert.ok(clipboard() === vonage.secret, "the secret is on the clipboard");
    assert.ok(!(await browser.getPageSource()).includes(vonage.secret), "the secret is not in the page");
    await shot(browser, "24a-partner-form");
    await assertAccessible(browser, "partner form");
    await browser.waitUntil(async () => clipboard() !== vonage.secret, {
      timeout: 10_000,
      timeoutMsg: "the clipboard still holds the secret",
    });
    await (await browser.$('[data-copy-credential="consumer_key"]')).click();
    await waitForText(browser, "#copied-consumer_key", "Consumer Key copied. The clipboard is cleared in 3 seconds.");
    assert.ok(clipboard() === vonage.key, "the key is on the clipboard");

    // Verified is not done: the partner does not have the values until the admin says so.
    await waitForText(browser, "#progress-text", "3 of 4 parts done");
    assert.equal(await (await browser.$('[data-step-link="finished"]')).getAttribute("data-state"), "todo");
    assert.match(await textOf(browser, "#partner-next"), /I entered these values/);

    // The report for the ticket, from the last screen: real text, the key masked, no secret.
    await (await browser.$("#partner-next")).click();
    await waitForText(browser, "#finished-title", "Everything is done");
    await waitForText(browser, "#progress-text", "Done");
    await waitForText(browser, '[data-step-link="partner"] .step-link__mark', "✓");
    // The time the verification passed, as this screen writes it (the OS locale's), for the PDF.
    const verifiedAt = (await textOf(browser, '[data-phase="verified"]')).match(/✓ done (.+)$/)?.[1];
    assert.ok(verifiedAt, "the end screen dates the verification");
    await (await browser.$("#advanced-exports summary")).click();
    for (const format of ["pdf", "html"]) {
      await (await browser.$(`[data-export="${format}"]`)).click();
      await browser.waitUntil(async () => (await textOf(browser, "#report-saved")).includes(`.${format}`), {
        timeout: 10_000,
      });
    }
    await (await browser.$("#export-metadata")).click();
    await browser.waitUntil(async () => (await textOf(browser, "#report-saved")).endsWith("-metadata"), { timeout: 10_000 });
    await shot(browser, "24b-report-saved");
    const reports = fs.readdirSync(process.env.ECA_SETUP_SAVE_DIR).sort();
    assert.deepEqual(reports, [
      "Vonage_AI_Integration-metadata",
      "Vonage_AI_Integration-setup-report.html",
      "Vonage_AI_Integration-setup-report.pdf",
    ]);
    const metadata = path.join(process.env.ECA_SETUP_SAVE_DIR, reports[0]);
    const eca = fs.readFileSync(
      path.join(metadata, "force-app/main/default/externalClientApps/Vonage_AI_Integration.eca-meta.xml"),
      "utf8",
    );
    assert.match(eca, /<label>Vonage AI Integration<\/label>/);
    assert.ok(fs.existsSync(path.join(metadata, "sfdx-project.json")));
    const pdf = path.join(process.env.ECA_SETUP_SAVE_DIR, reports[2]);
    const pdfText = spawnSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).stdout;
    // Its first page as a picture, to look at beside the screenshots.
    spawnSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", pdf, path.join(process.env.ECA_E2E_OUT, "27-report-page")]);
    assert.match(pdfText, /At the partner: Vonage API Dashboard/);
    assert.match(pdfText, /Vonage AI Integration/);
    assert.match(pdfText, /https:\/\/api-eu\.vonage\.com\/oauth\/redirect/);
    assert.match(pdfText, /3MVG\.\.\.[A-Za-z0-9._]{4}/, "the key, masked");
    assert.match(pdfText, /Overall\s+Done/, "the report says done as the screens do");
    // The same date in the same words: the PDF's spaces are plain, its lines may wrap.
    const flat = (text) => text.replace(/[\s\u202f]+/g, " ");
    assert.ok(flat(pdfText).includes(`Done ${flat(verifiedAt)}`), `the PDF dates the verification "${verifiedAt}" as the screen does`);

    // The home screen lists the setup as completed, with the same words.
    await (await browser.$("button*=All setups")).click();
    await (await browser.$("#completed")).waitForDisplayed({ timeout: 5000 });
    const completed = await textOf(browser, "#completed");
    assert.match(completed, /Vonage AI Studio/);
    assert.match(completed, /Practice org \(this computer\)\s*Done/);
    assert.doesNotMatch(await textOf(browser, "#in-progress"), /Vonage AI Studio\s*Practice/);

    // Both connections are listed, verified, the key only masked.
    await (await browser.$("#open-connections")).click();
    await (await browser.$(".connection-table")).waitForDisplayed({ timeout: 5000 });
    const table = await textOf(browser, ".connection-table");
    assert.match(table, /Practice Service Board Sync/);
    assert.match(table, /Practice Vonage AI Studio/);
    assert.doesNotMatch(table, /Not yet/);
    assert.doesNotMatch(table, /Refresh token/, "no token is kept, so none is listed");
    assert.doesNotMatch(
      secretToolSearch("dev.ecasetup.assistant.dev.practice"),
      /refresh_token/,
      "the web server flow's refresh token was revoked, not kept in the keychain",
    );
    assert.ok(!table.includes(practice.key), "the key is shown masked only");
    await shot(browser, "25-saved-connections");
    await assertAccessible(browser, "saved connections");

    // Rename one connection; delete the other after confirming: its keychain entries go too.
    await (await browser.$('[data-connection="Practice Service Board Sync"] [data-action="rename"]')).click();
    await typeInto(browser, "#rename-input", "Practice SBS");
    await (await browser.$("dialog[open] .button--brand")).click();
    await (await browser.$('[data-connection="Practice SBS"]')).waitForDisplayed({ timeout: 5000 });
    await (await browser.$('[data-connection="Practice Vonage AI Studio"] [data-action="delete"]')).click();
    await (await browser.$("dialog[open]")).waitForDisplayed();
    await shot(browser, "26-delete-connection-confirm");
    await (await browser.$("dialog[open] .button--danger")).click();
    await browser.waitUntil(
      async () => !(await (await browser.$('[data-connection="Practice Vonage AI Studio"]')).isExisting()),
      { timeout: 5000 },
    );
    const keychain = secretToolSearch("dev.ecasetup.assistant.dev.practice");
    assert.match(keychain, /Practice SBS\/consumer_secret/);
    assert.doesNotMatch(keychain, /Practice Vonage AI Studio/);
    assert.doesNotMatch(keychain, /Practice Service Board Sync\//, "renamed entries leave no copy behind");
  } catch (err) {
    await shot(browser, "zz-failure-practice");
    throw err;
  } finally {
    await browser.deleteSession();
  }

  // Nothing the app wrote or printed holds a secret.
  const places = [
    process.env.XDG_DATA_HOME,
    process.env.HOME,
    process.env.XDG_CACHE_HOME,
    process.env.XDG_CONFIG_HOME,
    process.env.ECA_SETUP_SAVE_DIR,
  ];
  const files = places.flatMap((dir) => walk(dir)).filter((f) => !f.includes(`${path.sep}keyrings${path.sep}`));
  // What the app printed: scripts/with-driver.sh sends it to this run's tauri-driver log.
  files.push(process.env.DRIVER_LOG);
  assert.ok(files.length > 2, `searched ${files.length} files`);
  let searched = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "latin1");
    } catch (err) {
      // WebKit may still be removing its storage files of the session just closed: a file gone
      // between the listing and the read holds nothing on disk any more.
      if (err.code === "ENOENT") continue;
      throw err;
    }
    searched += 1;
    for (const secret of secrets) assert.ok(!text.includes(secret), `a consumer secret is in ${file}`);
  }
  assert.ok(searched > 2, `read ${searched} files`);

  // The support log (searched above) tells what happened, step by step.
  const log = files.find((file) => file.endsWith(`${path.sep}logs${path.sep}eca-setup.log`));
  assert.ok(log, "the support log is in the app's log folder");
  const lines = fs.readFileSync(log, "utf8").trimEnd().split("\n");
  const events = lines.map((line) => line.split(" ")[2]);
  for (const event of ["app.started", "practice.started", "credentials.saved", "verify.check", "report.saved"]) {
    assert.ok(events.includes(event), `${event} is in the support log`);
  }
  assert.ok(
    lines.some((line) => line.includes("verify.finished") && line.includes('passed="true"')),
    "a passed verification is in the support log",
  );
});

/** The attributes of every keychain item under `service` (secret-tool prints them on stderr). */
function secretToolSearch(service) {
  const run = spawnSync("secret-tool", ["search", "--all", "service", service], { encoding: "utf8" });
  return run.stderr;
}

function walk(dir) {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.isFile() ? [full] : [];
  });
}

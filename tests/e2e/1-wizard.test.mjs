// An admin sets up Vonage AI Studio in the real window: picks the integration, enters the org,
// walks every Setup screen, quits, and on relaunch finds the same step again.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText } from "./session.mjs";

const VONAGE_STEPS = [
  ["open-manager", "Open the External Client App Manager"],
  ["basic-information", "Basic Information"],
  ["oauth-settings", "API (Enable OAuth Settings)"],
  ["flow-enablement", "Flow Enablement"],
  ["security", "Security"],
  ["policies", "Policies"],
];

const setupsDir = () => path.join(process.env.XDG_DATA_HOME, "dev.ecasetup.assistant", "setups");

/** What a Setup field must be set to, as the screen states it. */
async function valueOf(browser, field) {
  return (await browser.$(`[data-field="${field}"] [data-value]`)).getAttribute("data-value");
}

test("a Vonage setup is walked step by step and resumes where it was after a restart", async () => {
  let browser = await launch();
  try {
    await walkEveryStep(browser);
  } catch (err) {
    await shot(browser, "zz-failure-first-run");
    throw err;
  } finally {
    await browser.deleteSession();
  }

  // Something else damaged a saved file while the app was closed.
  fs.writeFileSync(path.join(setupsDir(), "broken.json"), '{"schema": 1, "id": "broken", "profile_');

  browser = await launch();
  try {
    await resumeAndDelete(browser);
  } catch (err) {
    await shot(browser, "zz-failure-second-run");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

async function walkEveryStep(browser) {
  await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
  await shot(browser, "01-home-empty");
  await assertAccessible(browser, "home");
  await (await browser.$("#start-setup")).click();

  await (await browser.$('[data-profile="vonage-ai-studio"]')).waitForClickable();
  await shot(browser, "02-pick-integration");
  await assertAccessible(browser, "integration picker");
  await (await browser.$('[data-profile="vonage-ai-studio"]')).click();

  await waitForText(browser, "#inputs-title", "Your org and app");
  assert.equal(await (await browser.$("#app_name")).getValue(), "Vonage AI Integration");
  assert.equal(await (await browser.$("#api_name")).getValue(), "Vonage_AI_Integration");

  // A Lightning address is refused with the My Domain to use instead.
  await typeInto(browser, "#domain", "https://acme.lightning.force.com/lightning/page/home");
  await (await browser.$("#contact_email")).click();
  await waitForText(
    browser,
    "#domain-issue",
    "⚠ acme.lightning.force.com is the Lightning address of your org, not its login address. Use your My Domain instead: acme.my.salesforce.com.",
  );
  // Only the domain was left, so only it is red, and the count says one field, not every empty one.
  await waitForText(browser, ".form-actions__summary", "One field needs fixing before you continue.");
  // Continue marks every field that blocks it, each with its own message, and the count matches.
  await (await browser.$("#inputs-next")).click();
  await waitForText(
    browser,
    "#contact_email-issue",
    "⚠ Enter a contact email. The person or team responsible for this app, for example salesforce-admins@acme.com.",
  );
  const red = (await browser.$$('[id$="-issue"]')).length;
  assert.equal(await (await browser.$(".form-actions__summary")).getAttribute("data-count"), String(red));
  assert.ok(red >= 2, `the domain and the empty email are both marked (${red})`);
  await shot(browser, "03-inputs-lightning-refused");
  await assertAccessible(browser, "org and app form with an error");

  await typeInto(browser, "#domain", "acme.my.salesforce.com");
  await typeInto(browser, "#contact_email", "salesforce-admins@acme.com");
  await (await browser.$("#app_name")).click();
  await browser.waitUntil(async () => !(await (await browser.$("#domain-issue")).isExisting()), { timeout: 5000 });
  await shot(browser, "04-inputs-filled");
  await (await browser.$("#inputs-next")).click();

  for (const [id, title] of VONAGE_STEPS) {
    await waitForText(browser, "#step-title", title);
    assert.equal(await (await browser.$("article.step")).getAttribute("data-step"), id);
    // The heading takes the focus once the step has rendered, a moment after its title shows.
    let focused = "";
    await browser
      .waitUntil(async () => (focused = await browser.execute(() => document.activeElement?.id)) === "step-title", {
        timeout: 5000,
        interval: 50,
      })
      .catch(() => {});
    assert.equal(focused, "step-title", `focus moves to the heading of ${id}`);
    if (id === "open-manager") {
      await (await browser.$("#open-in-salesforce")).click();
      const opened = process.env.ECA_E2E_OPENED;
      const link = "https://acme.my.salesforce.com/lightning/setup/ManageExternalClientApplication/home";
      const openedLinks = () => (fs.existsSync(opened) ? fs.readFileSync(opened, "utf8").split("\n") : []);
      await browser.waitUntil(() => openedLinks().includes(link), { timeout: 5000 });
    }
    if (id === "oauth-settings") {
      assert.equal(await valueOf(browser, "callback_urls"), "https://api-eu.vonage.com/oauth/redirect");
      assert.equal(await valueOf(browser, "scopes"), "api, full, refresh_token offline_access");
      const scopes = await browser.$$('[data-field="scopes"] [data-value] li').map((li) => li.getText());
      assert.deepEqual(scopes, [
        "Manage user data via APIs (api)",
        "Full access (full)",
        "Perform requests at any time (refresh_token, offline_access)",
      ]);
    }
    if (id === "security") {
      assert.equal(await valueOf(browser, "require_secret_web_server"), "checked");
      assert.equal(await valueOf(browser, "require_secret_refresh"), "checked");
      assert.equal(await valueOf(browser, "require_pkce"), "unchecked");
      assert.match(await textOf(browser, '[data-field="require_pkce"] .field-note'), /PKCE must stay unchecked/);
    }
    if (id === "policies") {
      assert.equal(await valueOf(browser, "permitted_users"), "All users can self-authorize");
      assert.equal(await valueOf(browser, "refresh_token_policy"), "Refresh token is valid until revoked");
      assert.equal(await valueOf(browser, "ip_relaxation"), "Relax IP restrictions");
    }
    await shot(browser, `05-step-${VONAGE_STEPS.findIndex(([s]) => s === id) + 1}-${id}`);
    await assertAccessible(browser, `step ${id}`);
    await (await browser.$("#next-step")).click();
  }

  // After the Setup screens come the key and secret (pasting is covered by 2-practice): revealed
  // in Salesforce and pasted on the one screen.
  await waitForText(browser, "#credentials-title", "Save the Consumer Key and Secret");
  assert.match(await textOf(browser, "#reveal-title"), /Reveal them in Salesforce/);
  assert.match(await textOf(browser, ".reveal .breadcrumb"), /External Client App Manager/);
  assert.equal(await (await browser.$('[data-step-link="consumer-key-secret"]')).isExisting(), false);
  await (await browser.$('[data-step-link="finished"]')).click();
  // The checklist is done, but the setup is not: the key and secret, the verification and the
  // partner are still open, and nothing may say otherwise.
  await waitForText(browser, "#finished-title", "3 of 4 parts still open");
  await shot(browser, "06-finished");
  await assertAccessible(browser, "finished");
  await waitForText(browser, "#progress-text", "1 of 4 parts done");
  assert.match(await textOf(browser, '[data-phase="salesforce"]'), /✓ done/);
  for (const phase of ["credentials", "verified", "partner"]) {
    assert.match(await textOf(browser, `[data-phase="${phase}"]`), /not done yet/, phase);
  }
  const body = await textOf(browser, "body");
  assert.doesNotMatch(body, /Every step is done|Everything is done|7 of 7 steps done/);
  assert.equal(await (await browser.$('[data-step-link="finished"]')).getAttribute("data-state"), "todo");

  // Go back to one step, then quit: the next launch must open exactly there.
  await (await browser.$('[data-step-link="security"]')).click();
  await waitForText(browser, "#step-title", "Security");
}

async function resumeAndDelete(browser) {
  await waitForText(browser, "#step-title", "Security");
  await waitForText(browser, "#progress-text", "1 of 4 parts done");
  assert.equal(await valueOf(browser, "require_pkce"), "unchecked");
  await shot(browser, "07-relaunched-on-same-step");

  await (await browser.$("button*=All setups")).click();
  await (await browser.$("#start-setup")).waitForClickable();
  const banner = await textOf(browser, ".banner--warning");
  assert.match(banner, /A saved setup could not be opened\. A copy of it was kept on this computer, so nothing is lost/);
  assert.doesNotMatch(banner, /unreadable-|damaged|\//, "no parser message or path on the main screen");
  await (await browser.$("#set-aside-details-toggle")).click();
  assert.match(await textOf(browser, "#set-aside-details"), /could not be read because it is damaged.*broken\.json\.unreadable-/s);
  assert.ok(fs.readdirSync(setupsDir()).some((f) => f.startsWith("broken.json.unreadable-")), "moved aside");
  const card = await textOf(browser, ".setup-card");
  assert.match(card, /Vonage AI Studio/);
  assert.match(card, /acme\.my\.salesforce\.com/);
  assert.match(card, /1 of 4 parts done/);
  assert.match(await textOf(browser, "#in-progress-title"), /In progress/);
  assert.equal((await browser.$$("#completed .setup-card")).length, 0, "not completed before the partner has the values");
  await shot(browser, "08-home-with-setup-and-set-aside-file");

  // Deleting asks first; Escape keeps the setup.
  await (await browser.$(".setup-card .button--danger-quiet")).click();
  await (await browser.$("dialog[open]")).waitForDisplayed();
  await shot(browser, "09-delete-confirm");
  await assertAccessible(browser, "delete setup dialog");
  await browser.keys("Escape");
  await browser.waitUntil(async () => !(await (await browser.$("dialog[open]")).isExisting()), { timeout: 5000 });
  assert.equal((await browser.$$(".setup-card")).length, 1);

  await (await browser.$(".setup-card .button--danger-quiet")).click();
  await (await browser.$("dialog[open] .button--danger")).click();
  await browser.waitUntil(async () => (await browser.$$(".setup-card")).length === 0, { timeout: 5000 });
  assert.deepEqual(
    fs.readdirSync(setupsDir()).filter((f) => f.endsWith(".json")),
    [],
    "the setup's file is gone",
  );
}

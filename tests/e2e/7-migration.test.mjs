// An admin moves an integration from its connected app to an External Client App, in practice,
// in the real window: the practice org starts with the connected app and serves its Setup pages
// (OAuth Usage, App Manager, Login History), which the app's "Open in Salesforce" buttons open
// in the stand-in browser. The test reads those pages as the admin would, and POSTs their buttons
// (Migrate, Revoke All, Block, Delete) as the admin's click. Four walks: migrating in place with
// the key kept (to the verification, the cleanup and the report), in place with a key that
// changed, a new External Client App for an app that is not local, and an integration on the
// username-password flow moved to client credentials. No key or secret is printed: values are
// compared with `assert.ok(a === b, message)`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText, walkToCredentials } from "./session.mjs";

const mask = (key) => `${key.slice(0, 4)}…${key.slice(-4)}`;

/** Starts a practice move of `profile` from the home screen, the rehearsal's boxes set as given. */
async function startPracticeMove(browser, profile, rehearsal) {
  await goHome(browser);
  await (await browser.$("#start-practice")).click();
  await (await browser.$("#start-kind-migration")).click();
  for (const [box, on] of Object.entries(rehearsal)) {
    const input = await browser.$(`#rehearsal-${box}`);
    if ((await input.isSelected()) !== on) await input.click();
  }
  await (await browser.$(`[data-profile="${profile}"]`)).click();
  await waitForText(browser, "#inputs-title", "Your org and app");
  await (await browser.$("#inputs-next")).click();
  await waitForText(browser, "#migration-title", "Find the connected app");
}

/** The home screen, from wherever the app opened (it reopens the setup open when it closed). */
async function goHome(browser) {
  await browser.waitUntil(async () => (await browser.$("#home-title, .setup__header").isExisting()), { timeout: 15_000 });
  if (!(await (await browser.$("#home-title")).isExisting())) await (await browser.$("button*=All setups")).click();
  await (await browser.$("#start-practice")).waitForClickable({ timeout: 10_000 });
}

/** Clicks "Open in Salesforce" and returns the URL the stand-in browser was given. */
async function openInSalesforce(browser) {
  const file = process.env.ECA_E2E_OPENED;
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").length : 0;
  await (await browser.$("#open-in-salesforce")).click();
  let lines = [];
  await browser.waitUntil(
    async () => {
      lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
      return lines.length > before;
    },
    { timeout: 10_000, timeoutMsg: "the stand-in browser was given no URL" },
  );
  return lines.at(-2);
}

/** A practice org page, as its HTML. */
async function page(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${new URL(url).pathname} answers`);
  return response.text();
}

/** Clicks a button of the practice org's Setup pages (a form POST), as the admin would. */
async function press(url, action) {
  const response = await fetch(new URL(`/practice/connected-app/${action}`, url), { method: "POST", redirect: "manual" });
  assert.equal(response.status, 303, `the practice org's ${action} button is accepted`);
}

const codeOf = (html, id) => html.match(new RegExp(`<code id="${id}">([^<]+)</code>`))?.[1];

async function primary(browser, label) {
  const button = await browser.$("#migration-continue");
  await browser.waitUntil(async () => (await button.getText()) === label, {
    timeout: 5000,
    timeoutMsg: `the primary button does not say “${label}”`,
  });
  await button.click();
}

const stateOf = (browser, screen) => browser.$(`[data-step-link="${screen}"]`).getAttribute("data-state");

async function texts(browser, selector) {
  return browser.$$(selector).map((el) => el.getText());
}

async function verifyPasses(browser) {
  await waitForText(browser, "#verify-title", "Connect & verify");
  await (await browser.$("#run-verify")).click();
  await (await browser.$("#verify-summary")).waitForDisplayed({ timeout: 30_000 });
  const summary = await textOf(browser, "#verify-summary");
  assert.match(summary, /^✓ The connection works/, summary);
}

/** Fills the practice org's key and secret, saves them under `name`, and returns the key. */
async function saveCredentials(browser, name) {
  await (await browser.$("#fill-practice")).click();
  await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"), {
    timeout: 5000,
  });
  const key = await (await browser.$("#consumer-key")).getValue();
  await typeInto(browser, "#connection-name", name);
  await (await browser.$("#save-credentials")).click();
  return key;
}

async function deleteSetupsAndGoHome(browser) {
  await (await browser.$("button*=All setups")).click();
  await (await browser.$("#home-title")).waitForDisplayed({ timeout: 10_000 });
  for (;;) {
    const moves = await browser.$$(".setup-card").filter(async (card) => (await card.getText()).includes("Moving from a connected app"));
    if (moves.length === 0) break;
    const count = (await browser.$$(".setup-card")).length;
    await moves[0].$(".button--danger-quiet").click();
    await (await browser.$("dialog[open] .button--danger")).click();
    await browser.waitUntil(async () => (await browser.$$(".setup-card")).length === count - 1, { timeout: 5000 });
  }
}

test("an in-place migration: the key before and after, the review, verify, cleanup and report", async () => {
  const browser = await launch();
  try {
    // The home screen offers the way in; the practice picker offers the rehearsal.
    await goHome(browser);
    assert.equal(await textOf(browser, "#start-migration"), "I already have a connected app for this integration");
    await (await browser.$("#start-migration")).click();
    await waitForText(browser, "#pick-title", "Which partner's integration runs on the connected app?");
    assert.equal(await (await browser.$("#start-kind-migration")).isSelected(), true);
    assert.equal(await (await browser.$("#rehearsal-local")).isExisting(), false, "a real org has no rehearsal");
    await (await browser.$("button=← All setups")).click();
    await (await browser.$("#start-practice")).waitForClickable({ timeout: 10_000 });
    await (await browser.$("#start-practice")).click();
    await (await browser.$("#start-kind-migration")).click();
    await (await browser.$("#rehearsal-key-kept")).waitForDisplayed();
    assert.equal(await textOf(browser, "#pick-title"), "Which partner's move do you want to practise?");
    await shot(browser, "70-pick-practice-move");
    await assertAccessible(browser, "picker with the rehearsal");
    await (await browser.$('[data-profile="service-board-sync"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    await (await browser.$("#inputs-next")).click();

    // Find the connected app on OAuth Usage and App Manager, in the practice org.
    await waitForText(browser, "#migration-title", "Find the connected app");
    assert.deepEqual(await texts(browser, ".breadcrumb li"), ["Setup", "Apps", "Connected Apps", "Connected Apps OAuth Usage"]);
    const usageUrl = await openInSalesforce(browser);
    assert.match(usageUrl, /^http:\/\/127\.0\.0\.1:\d+\/lightning\/setup\/ConnectedAppsUsage\/home$/);
    const usage = await page(usageUrl);
    const [, appName, users] = usage.match(/<tr><td>([^<]+)<\/td><td>(\d+)<\/td>/) ?? [];
    assert.ok(appName, "OAuth Usage lists the connected app");
    const manager = await page(new URL("/lightning/setup/NavigationMenus/home", usageUrl).href);
    assert.match(manager, /created in this org \(local\)/);
    assert.match(manager, /Migrate to External Client App/);
    const oldKey = codeOf(manager, "connected-app-key");
    assert.ok(oldKey?.startsWith("3MVG"), "App Manager shows the connected app's key");
    await typeInto(browser, "#old-app-name", appName);
    await (await browser.$("#old-app-local-yes")).click();
    await typeInto(browser, "#old-app-users", users);
    await shot(browser, "71-find-old-app");
    await primary(browser, "Record and continue →");

    // Login History: the facts no public source confirms are marked, and the date is there.
    await waitForText(browser, "#migration-title", "Find username-password sign-ins");
    assert.equal(await stateOf(browser, "find-old-app"), "done");
    const history = await page(await openInSalesforce(browser));
    assert.match(history, /these sign-ins use the web server flow/);
    const facts = await textOf(browser, "#migration-facts");
    assert.match(facts, /20 February 2027/);
    assert.ok((await browser.$$("#migration-facts .badge--unconfirmed")).length >= 2, "unconfirmed facts are marked");
    assert.match(await textOf(browser, "#migration-facts .fact--unconfirmed"), /^Unconfirmed/);
    await (await browser.$("#sign-ins-no")).click();
    await primary(browser, "Record and continue →");

    // The routes, each with its reasons on screen; chosen with the keyboard.
    await waitForText(browser, "#migration-title", "Choose how to move");
    const offered = {};
    for (const route of await browser.$$("[data-route]")) {
      offered[await route.getAttribute("data-route")] = (await route.getAttribute("data-offered")) === "true";
    }
    assert.deepEqual(offered, { "in-place": true, "new-eca": true, "client-credentials": false });
    assert.match(await textOf(browser, "#route-in-place-reasons"), /Your connected app is local/);
    assert.match(await textOf(browser, "#route-in-place-reasons"), /Unconfirmed/);
    assert.match(await textOf(browser, "#route-client-credentials-reasons"), /Only for an integration that signs in with a username and password/);
    assert.equal(await (await browser.$("#route-client-credentials")).isEnabled(), false);
    await browser.execute(() => document.getElementById("route-in-place").focus());
    await browser.keys([" "]);
    assert.equal(await (await browser.$("#route-in-place")).isSelected(), true, "Space chooses the focused route");
    await shot(browser, "72-choose-route");
    await assertAccessible(browser, "choose the route");
    await primary(browser, "Choose this route and continue →");

    // The key before: read on App Manager, pasted, kept only masked.
    await waitForText(browser, "#migration-title", "Record the Consumer Key before migrating");
    assert.match(await openInSalesforce(browser), /\/lightning\/setup\/NavigationMenus\/home$/);
    assert.match(await textOf(browser, "[data-warning]"), /Record the key before you click Migrate/);
    await typeInto(browser, "#key-before", oldKey);
    await primary(browser, "Record the key and continue →");

    // Migrate, clicked in the practice org's App Manager.
    await waitForText(browser, "#migration-title", "Migrate to External Client App");
    assert.equal(await stateOf(browser, "record-key"), "done");
    assert.equal((await browser.$$("[data-warning]")).length, 0, "the key is recorded: no warning");
    assert.match(await textOf(browser, "#migration-facts"), /delete the new External Client App/);
    const appManager = await openInSalesforce(browser);
    await press(appManager, "migrate");
    const migrated = await page(appManager);
    assert.match(migrated, /Read-only: migrated to the External Client App/);
    const newKey = codeOf(migrated, "external-client-app-key");
    await shot(browser, "73-migrate");
    await primary(browser, "Done, next →");

    // The key after: the same, so the partner needs no new key.
    await waitForText(browser, "#migration-title", "Compare the Consumer Key after migrating");
    assert.equal(await textOf(browser, "#key-before-masked"), mask(oldKey));
    await typeInto(browser, "#key-after", newKey);
    await primary(browser, "Compare the keys");
    await waitForText(browser, "#key-check", "✓ Same key");
    assert.equal(await textOf(browser, "#key-after-masked"), mask(newKey));
    assert.match(await textOf(browser, "#migration-facts"), /the partner needs no new key/);
    assert.equal(await (await browser.$("#key-after")).getValue(), "", "the pasted key is not kept on screen");
    assert.ok(!(await browser.getPageSource()).includes(oldKey), "the key is on the page only masked");
    await shot(browser, "74-compare-key-same");
    await assertAccessible(browser, "compare the key: same");
    await primary(browser, "Next →");

    // The checklist is a review of the migrated app.
    await waitForText(browser, "#step-title", "Check: Open the External Client App Manager");
    assert.match(await textOf(browser, ".step__kicker"), /^Review 1 of \d+: check the migrated app/);
    assert.match(await textOf(browser, "#review-facts"), /Nothing here is to be created again/);
    assert.match(await textOf(browser, "#review-facts"), /Unconfirmed/);
    await (await browser.$('[data-step-link="policies"]')).click();
    await waitForText(browser, "#step-title", "Check: Policies");
    await shot(browser, "75-review-policies");
    await (await browser.$('[data-step-link="open-manager"]')).click();
    await walkToCredentials(browser);

    // Before the verification the cleanup is locked, says why, and cannot be opened.
    const cleanupLink = await browser.$('[data-step-link="cleanup"]');
    assert.equal(await cleanupLink.getAttribute("data-state"), "locked");
    assert.equal(await cleanupLink.getAttribute("aria-disabled"), "true");
    assert.match(await textOf(browser, "#lock-reason-cleanup"), /once the new connection has passed its verification/);
    await cleanupLink.click();
    await browser.pause(300);
    await cleanupLink.scrollIntoView();
    assert.equal(await (await browser.$("#credentials-title")).isExisting(), true, "a locked screen does not open");
    await shot(browser, "76-credentials-cleanup-locked");

    const savedKey = await saveCredentials(browser, "Practice move in place");
    assert.ok(savedKey === oldKey, "the migrated app answers to the connected app's key");
    await verifyPasses(browser);
    await (await browser.$("#verify-next")).click();

    // The partner screen says first that nothing changes there; the secret is unconfirmed.
    await waitForText(browser, "#partner-title", "At the partner: Service Board Sync");
    const lead = await textOf(browser, "#partner-lead");
    assert.match(lead, /the partner needs no new key/);
    assert.match(lead, /Unconfirmed/);
    await (await browser.$("#partner-next")).click();

    // The cleanup, open now: the undo first, then revoke and block, done in the practice org.
    await waitForText(browser, "#migration-title", "Clean up the old connected app");
    assert.equal(await stateOf(browser, "cleanup"), "todo");
    assert.equal((await browser.$$("[data-warning]")).length, 0, "verified: no warning");
    const steps = await texts(browser, "#migration-instructions li");
    assert.match(steps[0], /^Before anything else, know the undo: deleting the new External Client App brings the connected app back/);
    const usagePage = await openInSalesforce(browser);
    await press(usagePage, "revoke");
    await (await browser.$("#cleanup-revoke_tokens")).click();
    await press(usagePage, "block");
    await (await browser.$("#cleanup-block_old_app")).click();
    await browser.waitUntil(async () => (await stateOf(browser, "cleanup")) === "done", { timeout: 5000 });
    assert.equal(await (await browser.$("#cleanup-delete_old_app")).isSelected(), false);
    assert.match(await page(usagePage), /No connected apps with active OAuth tokens/);
    await shot(browser, "77-cleanup-done");
    await assertAccessible(browser, "cleanup");
    await (await browser.$("#migration-continue")).click();

    // The report tells the whole move, the keys masked.
    await waitForText(browser, "#finished-title", "Everything is done");
    for (const screen of ["find-old-app", "record-key", "migrate", "compare-key"]) {
      assert.match(await textOf(browser, `[data-summary="${screen}"]`), /✓ done$/, `${screen} is done`);
    }
    assert.match(await textOf(browser, '[data-phase="cleanup"]'), /✓ done /);
    await (await browser.$("#advanced-exports summary")).click();
    await (await browser.$('[data-export="markdown"]')).click();
    await browser.waitUntil(async () => (await textOf(browser, "#report-saved")).endsWith(".md"), { timeout: 10_000 });
    await shot(browser, "78-finished");
    const report = fs.readFileSync((await textOf(browser, "#report-saved")).replace(/^Saved to /, ""), "utf8");
    for (const said of [appName, "Migrate the connected app in place", "same Consumer Key", "Tokens revoked", "Blocked", mask(oldKey)]) {
      assert.ok(report.includes(said), `the report says “${said}”`);
    }
    assert.ok(!report.includes(oldKey), "the report holds the key only masked");
    await deleteSetupsAndGoHome(browser);
  } catch (err) {
    await shot(browser, "zz-failure-migration-in-place");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

test("a migration that changes the key says the partner needs the new key", async () => {
  const browser = await launch();
  try {
    await startPracticeMove(browser, "service-board-sync", { "key-kept": false });
    // What the practice org shows, filled in as the practice buttons do.
    await (await browser.$("#fill-practice-old-app")).click();
    await browser.waitUntil(async () => (await (await browser.$("#old-app-name")).getValue()) !== "", { timeout: 5000 });
    assert.equal(await (await browser.$("#old-app-local-yes")).isSelected(), true);
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Find username-password sign-ins");
    await (await browser.$("#fill-practice-sign-ins")).click();
    await browser.waitUntil(async () => (await browser.$("#sign-ins-no")).isSelected(), { timeout: 5000 });
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Choose how to move");
    await (await browser.$("#route-in-place")).click();
    await primary(browser, "Choose this route and continue →");

    await waitForText(browser, "#migration-title", "Record the Consumer Key before migrating");
    await (await browser.$("#fill-practice-key-before")).click();
    await browser.waitUntil(async () => (await (await browser.$("#key-before")).getValue()).startsWith("3MVG"), { timeout: 5000 });
    const before = await (await browser.$("#key-before")).getValue();
    await primary(browser, "Record the key and continue →");
    // Marking Migrate done clicks it in the practice org too.
    await waitForText(browser, "#migration-title", "Migrate to External Client App");
    await primary(browser, "Done, next →");

    await waitForText(browser, "#migration-title", "Compare the Consumer Key after migrating");
    await (await browser.$("#fill-practice-key-after")).click();
    await browser.waitUntil(async () => (await (await browser.$("#key-after")).getValue()).startsWith("3MVG"), { timeout: 5000 });
    const after = await (await browser.$("#key-after")).getValue();
    assert.ok(after !== before, "the practice org gave the migrated app a new key");
    await primary(browser, "Compare the keys");
    await waitForText(browser, "#key-check", "✗ The key changed");
    assert.equal(await (await browser.$("#key-check")).getAttribute("data-check"), "changed");
    assert.match(await textOf(browser, "[data-warning]"), /the partner needs the new key and secret/);
    assert.equal(await textOf(browser, "#key-before-masked"), mask(before));
    assert.equal(await textOf(browser, "#key-after-masked"), mask(after));
    await shot(browser, "79-compare-key-changed");

    await (await browser.$('[data-step-link="partner"]')).click();
    await waitForText(browser, "#partner-title", "At the partner: Service Board Sync");
    assert.match(await textOf(browser, "#partner-lead"), /the partner needs the new key and secret/);
    await shot(browser, "80-partner-new-key");

    // Nothing saved yet, so nothing to confirm at the partner: only the quiet skip moves on.
    assert.equal(await (await browser.$("#partner-next")).isEnabled(), false);
    // Not verified: Next passes over the locked cleanup, which the end lists as locked.
    await (await browser.$("#partner-skip")).click();
    await waitForText(browser, "#finished-title", "5 of 5 parts still open");
    assert.match(await textOf(browser, '[data-phase="salesforce"]'), /6 of \d+ steps/);
    assert.equal(await stateOf(browser, "cleanup"), "locked");
    assert.match(await textOf(browser, '[data-phase="cleanup"]'), /^Clean up the old connected app\s*The old app's cleanup opens once/);
    assert.equal(await browser.$('[data-phase="cleanup"] button').isExisting(), false, "a locked part offers no link");
    await shot(browser, "80a-finished-cleanup-locked");
    await assertAccessible(browser, "finished, cleanup locked");
    await deleteSetupsAndGoHome(browser);
  } catch (err) {
    await shot(browser, "zz-failure-migration-key-changed");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

test("an app that is not local moves to a new External Client App, and its cleanup deletes it", async () => {
  const browser = await launch();
  try {
    await startPracticeMove(browser, "service-board-sync", { local: false });
    const manager = await page(new URL("/lightning/setup/NavigationMenus/home", await openInSalesforce(browser)).href);
    assert.match(manager, /installed from a package/);
    assert.doesNotMatch(manager, /Migrate to External Client App/, "App Manager offers no Migrate button");
    await (await browser.$("#fill-practice-old-app")).click();
    await browser.waitUntil(async () => (await browser.$("#old-app-local-no")).isSelected(), { timeout: 5000 });
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Find username-password sign-ins");
    await (await browser.$("#sign-ins-no")).click();
    await primary(browser, "Record and continue →");

    await waitForText(browser, "#migration-title", "Choose how to move");
    assert.equal(await (await browser.$('[data-route="in-place"]')).getAttribute("data-offered"), "false");
    assert.match(await textOf(browser, "#route-in-place-reasons"), /is not local .*Salesforce migrates only local connected apps/);
    assert.match(await textOf(browser, '[data-route="in-place"]'), /Not possible for this app/);
    assert.match(await textOf(browser, "#route-new-eca-reasons"), /create an external client app instead/);
    await (await browser.$("#route-new-eca")).click();
    await primary(browser, "Choose this route and continue →");

    // The new setup's own steps, not a review; then the key, verify and the partner.
    await waitForText(browser, "#step-title", "Open the External Client App Manager");
    assert.match(await textOf(browser, ".step__kicker"), /^Step 1 of \d+/);
    assert.equal(await (await browser.$('[data-step-link="record-key"]')).isExisting(), false, "no key screens");
    await walkToCredentials(browser);
    await saveCredentials(browser, "Practice new app");
    await verifyPasses(browser);
    await (await browser.$("#verify-next")).click();
    await waitForText(browser, "#partner-title", "At the partner: Service Board Sync");
    assert.match(await textOf(browser, "#partner-lead"), /The new app has its own Consumer Key and Secret: enter both at the partner/);
    // A new app has a new key: the old app's cleanup stays locked until the partner has it.
    await (await browser.$("#partner-skip")).click();
    await waitForText(browser, "#finished-title", "2 of 5 parts still open");
    assert.equal(await stateOf(browser, "cleanup"), "locked");
    assert.match(await textOf(browser, '[data-phase="cleanup"]'), /once Service Board Sync uses the new key and secret/);
    assert.match(await textOf(browser, "#lock-reason-cleanup"), /once Service Board Sync uses the new key and secret/);
    await (await browser.$('[data-step-link="partner"]')).click();
    await waitForText(browser, "#partner-title", "At the partner: Service Board Sync");
    await (await browser.$("#partner-next")).click();

    await waitForText(browser, "#migration-title", "Clean up the old connected app");
    const steps = await texts(browser, "#migration-instructions li");
    assert.match(steps[0], /^Before anything else, know the undo: until you block or delete/);
    const usagePage = await openInSalesforce(browser);
    await press(usagePage, "revoke");
    await (await browser.$("#cleanup-revoke_tokens")).click();
    await press(usagePage, "delete");
    // Marking the delete asks first, in red, naming what cannot be undone; Cancel marks nothing.
    await (await browser.$("#cleanup-delete_old_app")).click();
    await (await browser.$("dialog[open]")).waitForDisplayed();
    assert.match(await textOf(browser, "dialog[open]"), /cannot be undone/);
    assert.equal(await (await browser.$("dialog[open] .button--danger")).getText(), "Yes, I deleted it");
    await shot(browser, "81a-confirm-delete-old-app");
    await assertAccessible(browser, "confirm deleting the old app");
    await (await (await browser.$("dialog[open]")).$("button=Cancel")).click();
    await browser.waitUntil(async () => !(await (await browser.$("dialog[open]")).isExisting()), { timeout: 5000 });
    assert.equal(await (await browser.$("#cleanup-delete_old_app")).isSelected(), false);
    await (await browser.$("#cleanup-delete_old_app")).click();
    await (await browser.$("dialog[open] .button--danger")).click();
    await browser.waitUntil(async () => (await stateOf(browser, "cleanup")) === "done", { timeout: 5000 });
    assert.match(await page(new URL("/lightning/setup/NavigationMenus/home", usagePage).href), /Deleted\./);
    await shot(browser, "81-new-eca-cleanup");
    await deleteSetupsAndGoHome(browser);
  } catch (err) {
    await shot(browser, "zz-failure-migration-new-eca");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

test("an integration on the username-password flow moves to client credentials, the date on screen", async () => {
  const browser = await launch();
  try {
    await startPracticeMove(browser, "vonage-ai-studio", { "password-flow": true });
    const usage = await page(await openInSalesforce(browser));
    assert.match(usage, /No connected apps with active OAuth tokens/, "a password-flow app is not on OAuth Usage");
    await (await browser.$("#fill-practice-old-app")).click();
    await browser.waitUntil(async () => (await (await browser.$("#old-app-name")).getValue()) !== "", { timeout: 5000 });
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Find username-password sign-ins");
    const history = await page(await openInSalesforce(browser));
    assert.match(history, /these sign-ins use the username-password flow/);
    await (await browser.$("#sign-ins-yes")).click();
    await primary(browser, "Record and continue →");

    await waitForText(browser, "#migration-title", "Choose how to move");
    const org = await (await browser.$(".setup__org")).getAttribute("data-host");
    const offered = {};
    for (const route of await browser.$$("[data-route]")) {
      offered[await route.getAttribute("data-route")] = (await route.getAttribute("data-offered")) === "true";
    }
    assert.deepEqual(offered, { "in-place": false, "new-eca": false, "client-credentials": true });
    assert.match(await textOf(browser, "#route-in-place-reasons"), /do not support the username-password flow/);
    const reasons = await textOf(browser, "#route-client-credentials-reasons");
    assert.match(reasons, /stops the username-password flow for connected apps on 20 February 2027, with no extension/);
    assert.match(reasons, /grant_type=client_credentials/);
    await (await browser.$('[data-route="client-credentials"]')).scrollIntoView();
    await shot(browser, "82-choose-route-password-flow");
    await assertAccessible(browser, "choose the route: password flow");
    await (await browser.$("#route-client-credentials")).click();
    await primary(browser, "Choose this route and continue →");

    // The practice org starts again with the new app; the checklist has client credentials.
    await waitForText(browser, "#step-title", "Open the External Client App Manager");
    assert.notEqual(await (await browser.$(".setup__org")).getAttribute("data-host"), org, "the practice org was started again");
    assert.equal(await textOf(browser, ".setup__org"), "Practice org (this computer)");
    await (await browser.$('[data-step-link="flow-enablement"]')).click();
    await waitForText(browser, "#step-title", "Flow Enablement");
    assert.equal(await (await browser.$('[data-field="flow.client_credentials"] [data-value]')).getAttribute("data-value"), "checked");
    await (await browser.$('[data-step-link="credentials"]')).click();
    await waitForText(browser, "#credentials-title", "Save the Consumer Key and Secret");
    await saveCredentials(browser, "Practice Vonage moved");
    await waitForText(browser, "#verify-title", "Connect & verify");
    assert.match(await textOf(browser, "#verify-flow-text, #verify-flow"), /client credentials/i);
    await verifyPasses(browser);
    await (await browser.$("#verify-next")).click();
    await waitForText(browser, "#partner-title", "At the partner: Vonage API Dashboard");
    assert.match(await textOf(browser, "#partner-lead"), /20 February 2027/);
    await shot(browser, "83-partner-client-credentials");
    await deleteSetupsAndGoHome(browser);
  } catch (err) {
    await shot(browser, "zz-failure-migration-password-flow");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

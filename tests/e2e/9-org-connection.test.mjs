// The assistant connected to the org, read-only (issue 23), in the real window and in practice:
// a Vonage AI Studio move whose connected app signs in with a username and password, moved to
// client credentials; then, on the verify screen, the admin connects the assistant to the
// practice org (through the assistant's own app there, signing in on the practice org's page in
// the stand-in browser), checks the setup's app as Salesforce holds it (with PKCE left required,
// a rehearsed mistake, when offered), lists the integrations to move before 20 February 2027,
// starts the move of the connected app from the list, and disconnects. The practice org's request
// log then shows the assistant's token revoked and nothing written. A second walk connects and
// closes the window: quitting disconnects, and the support log says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText } from "./session.mjs";
import { closeWindow } from "./x11.mjs";

async function primary(browser, label) {
  const button = await browser.$("#migration-continue");
  await browser.waitUntil(async () => (await button.getText()) === label, {
    timeout: 5000,
    timeoutMsg: `the primary button does not say “${label}”`,
  });
  await button.click();
}

/** The authorize URLs the stand-in browser was given, oldest first. */
function authorizeUrls() {
  const file = process.env.ECA_E2E_OPENED;
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  return lines.filter((line) => /\/services\/oauth2\/authorize\?/.test(line));
}

/**
 * A practice move of Vonage AI Studio whose connected app signs in with a username and password,
 * moved to client credentials, its key saved, on the verify screen with PKCE left required when
 * offered; the key is saved as `connection`. Returns the connected app's name and whether the mistake was rehearsed.
 */
async function practiceMoveToVerify(browser, connection) {
    await browser.waitUntil(async () => (await browser.$("#home-title, .setup__header").isExisting()), { timeout: 15_000 });
    if (!(await (await browser.$("#home-title")).isExisting())) await (await browser.$("button*=All setups")).click();
    await (await browser.$("#start-practice")).waitForClickable({ timeout: 10_000 });
    await (await browser.$("#start-practice")).click();
    await (await browser.$("#start-kind-migration")).click();
    const password = await browser.$("#rehearsal-password-flow");
    if (!(await password.isSelected())) await password.click();
    await (await browser.$('[data-profile="vonage-ai-studio"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    await (await browser.$("#inputs-next")).click();
    await waitForText(browser, "#migration-title", "Find the connected app");
    await (await browser.$("#fill-practice-old-app")).click();
    await browser.waitUntil(async () => (await (await browser.$("#old-app-name")).getValue()) !== "", { timeout: 5000 });
    const oldApp = await (await browser.$("#old-app-name")).getValue();
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Find username-password sign-ins");
    await (await browser.$("#sign-ins-yes")).click();
    await primary(browser, "Record and continue →");
    await waitForText(browser, "#migration-title", "Choose how to move");
    await (await browser.$("#route-client-credentials")).click();
    await primary(browser, "Choose this route and continue →");
    await waitForText(browser, "#step-title", "Open the External Client App Manager");
    await (await browser.$('[data-step-link="credentials"]')).click();
    await waitForText(browser, "#credentials-title", "Save the Consumer Key and Secret");
    await (await browser.$("#fill-practice")).click();
    await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"), { timeout: 5000 });
    await typeInto(browser, "#connection-name", connection);
    await (await browser.$("#save-credentials")).click();
    await waitForText(browser, "#verify-title", "Connect & verify");

    // A rehearsed mistake first: it starts the practice org again, which a connection would not outlive.
    let rehearsed = false;
    const mistake = await browser.$("#practice-mistake");
    if (await mistake.isExisting()) {
      const values = await browser.$$("#practice-mistake option").map((o) => o.getAttribute("value"));
      if (values.includes("pkce_left_required")) {
        await mistake.selectByAttribute("value", "pkce_left_required");
        await browser.waitUntil(async () => (await textOf(browser, "#practice-mistake-changed")) !== "", { timeout: 10_000 });
        rehearsed = true;
      }
    }

  return { oldApp, rehearsed };
}

/** Connects the assistant to the practice org from the verify screen; returns the org's base URL. */
async function connectAssistant(browser) {
    // Connect: one click in practice, the sign-in on the practice org's page.
    await (await browser.$("#org-panel-title")).scrollIntoView();
    assert.match(await textOf(browser, "#org-read-only"), /Read-only/);
    assert.match(await textOf(browser, "#org-read-only"), /View Setup and Configuration/);
    await shot(browser, "90-org-connect");
    const before = authorizeUrls().length;
    await (await browser.$("#org-connect")).click();
    await (await browser.$("#org-identity")).waitForDisplayed({ timeout: 30_000 });
    const identity = await textOf(browser, "#org-identity");
    assert.match(identity, /Connected to 127\.0\.0\.1:\d+ as admin@practice\.example/, identity);
    const signIn = authorizeUrls().slice(before).at(-1);
    assert.ok(signIn, "the assistant signed in through the browser");
    const params = new URL(signIn).searchParams;
    assert.equal(params.get("code_challenge_method"), "S256", "the assistant's sign-in uses PKCE");
    assert.equal(params.get("scope"), "api", "the assistant asks for api alone");
    assert.match(params.get("redirect_uri"), /^http:\/\/localhost:\d+\/OauthRedirect$/);
    await shot(browser, "91-org-connected");
    return new URL(signIn).origin;

}

/** Deletes the moves this file made, from the home screen. */
async function deleteMoves(browser) {
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

test("connect the assistant, check the app, list the integrations to move, start a move, disconnect", async () => {
  const browser = await launch();
  try {
    const { oldApp, rehearsed } = await practiceMoveToVerify(browser, "Practice Vonage org check");
    const base = await connectAssistant(browser);

    // Check this app in Salesforce.
    await (await browser.$("#org-check")).click();
    await (await browser.$("#org-check-summary")).waitForDisplayed({ timeout: 30_000 });
    const summary = await textOf(browser, "#org-check-summary");
    if (rehearsed) {
      assert.match(summary, /^✗ 1 difference/, summary);
      const row = await textOf(browser, "#org-differences tbody tr");
      assert.match(row, /PKCE/, row);
    } else {
      assert.match(summary, /^✓ No differences/, summary);
    }
    await (await browser.$("#org-check-title")).scrollIntoView();
    await shot(browser, "92-org-check");

    // Before 20 February 2027: the connected app, its username-password sign-ins and its route.
    await (await browser.$("#org-inventory")).click();
    await (await browser.$("#inventory-table")).waitForDisplayed({ timeout: 30_000 });
    const row = await browser.$(`#inventory-table tr[data-app="${oldApp}"]`);
    assert.ok(await row.isExisting(), `the inventory lists ${oldApp}`);
    const signIns = Number(await row.$("[data-password-sign-ins]").getAttribute("data-password-sign-ins"));
    assert.ok(signIns > 0, "its username-password sign-ins are counted");
    assert.equal(await row.$("[data-route]").getAttribute("data-route"), "client-credentials");
    await (await browser.$("#inventory-table")).scrollIntoView();
    await shot(browser, "93-org-inventory");
    // All eight columns inside the card, at 900 px too: nothing to scroll sideways to.
    const [table, card] = await browser.execute(() =>
      ["#inventory-table", ".org-panel"].map((selector) => document.querySelector(selector).getBoundingClientRect().right),
    );
    assert.ok(table <= card, `the inventory table (right edge ${table}) stays inside its card (${card})`);
    await assertAccessible(browser, "org connection with the check and the inventory");

    // Export CSV goes where the reports go.
    await (await browser.$("#inventory-export")).click();
    const csv = `${process.env.ECA_SETUP_SAVE_DIR}/integrations-to-move.csv`;
    await browser.waitUntil(async () => fs.existsSync(csv), { timeout: 10_000, timeoutMsg: "the CSV was not saved" });
    assert.match(fs.readFileSync(csv, "utf8"), new RegExp(oldApp.replace(/[()]/g, "\\$&")));

    // Start the move: a migration with the app, how it signs in and its route filled in.
    await (await row.$("[data-start-move]")).click();
    await browser.waitUntil(async () => !(await (await browser.$("#org-panel-title")).isExisting()), {
      timeout: 15_000,
      timeoutMsg: "Start the move did not open the migration",
    });
    const opened = await textOf(browser, ".setup__header");
    assert.match(opened, /Vonage/, opened);
    for (const known of ["find-old-app", "find-password-sign-ins", "choose-route"]) {
      const state = await (await browser.$(`[data-step-link="${known}"]`)).getAttribute("data-state");
      assert.equal(state, "done", `${known} is filled in from the inventory`);
    }
    await shot(browser, "94-move-started");

    // Disconnect, from the practice setup's verify screen.
    await (await browser.$("button*=All setups")).click();
    await (await browser.$("#home-title")).waitForDisplayed({ timeout: 10_000 });
    const host = new URL(base).host;
    // The practice org is named so on screen; its address is on the card's data-host.
    const practiceCard = await browser.$(`.setup-card:has([data-host="${host}"])`);
    await (await practiceCard.$(".button--brand")).click();
    await waitForText(browser, "#verify-title", "Connect & verify");
    await (await browser.$("#org-disconnect")).waitForDisplayed({ timeout: 10_000 });
    await (await browser.$("#org-disconnect")).click();
    await (await browser.$("#org-connect")).waitForDisplayed({ timeout: 10_000 });
    await shot(browser, "95-org-disconnected");

    // The practice org: the assistant's token was revoked, and nothing was written.
    const requests = await (await fetch(`${base}/practice/requests`)).json();
    const revoked = requests.findLastIndex((r) => r.method === "POST" && r.path === "/services/oauth2/revoke");
    const lastRead = requests.findLastIndex((r) => r.path.startsWith("/services/Soap/") || r.path.endsWith("/query"));
    assert.ok(revoked > lastRead, "the assistant's token was revoked after its last read");
    assert.deepEqual(requests.filter((r) => r.write), [], "the assistant wrote nothing");
    await deleteMoves(browser);
  } catch (err) {
    await shot(browser, "zz-failure-org-connection");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

test("quitting while connected disconnects the assistant, and the log says so", async () => {
  const browser = await launch();
  let quit = false;
  try {
    await practiceMoveToVerify(browser, "Practice Vonage quit while connected");
    await connectAssistant(browser);
    const app = appWindow();
    await closeWindow(app.id);
    quit = true;
    for (let i = 0; i < 100 && !ended(app.pid); i++) await sleep(100);
    assert.ok(ended(app.pid), "the app quit when its window was closed");
    const log = journal();
    assert.match(log, /org\.disconnected_on_quit host="127\.0\.0\.1:\d+"/, "the support log says the assistant was disconnected");
  } catch (err) {
    if (!quit) await shot(browser, "zz-failure-org-quit");
    throw err;
  } finally {
    await browser.deleteSession().catch(() => {});
  }
  // The moves this walk made are deleted from the next launch.
  const again = await launch();
  try {
    await deleteMoves(again);
  } finally {
    await again.deleteSession();
  }
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app's own top-level window: the one called "ECA Setup Assistant" whose process is the app. */
function appWindow() {
  const ids = execFileSync("xdotool", ["search", "--name", "^ECA Setup Assistant$"], { encoding: "utf8" }).trim().split("\n");
  for (const id of ids) {
    const pid = spawnSync("xdotool", ["getwindowpid", id], { encoding: "utf8" }).stdout.trim();
    if (pid) return { id: Number(id), pid: Number(pid) };
  }
  throw new Error("no window called “ECA Setup Assistant” with a process");
}

/** Whether `pid` has ended (a zombie waiting for its parent has). */
function ended(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z");
  } catch {
    return true;
  }
}

/** The app's support logs, all of them (under the sandbox's XDG_DATA_HOME). */
function journal() {
  const root = process.env.XDG_DATA_HOME;
  return fs
    .readdirSync(root, { recursive: true })
    .map((name) => path.join(root, name))
    .filter((file) => /\.log$/.test(file) && fs.statSync(file).isFile())
    .map((file) => fs.readFileSync(file, "utf8"))
    .join("\n");
}

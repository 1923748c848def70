// The partner's two classic mistakes, rehearsed in Practice mode in the real window (issue 21):
// a Vonage AI Studio practice setup whose app is left requiring PKCE fails the partner's PKCE
// check with the fix, before any sign-in, and passes once put right; a mistyped callback URL
// fails the partner's callback check and names the URL Vonage needs. The practice org is started
// again on its address with its key and secret, so the saved connection is verified each time.
//
// The callback walk uses a second setup whose OAuth settings step is not marked done: the
// verification waits up to ten minutes on a callback refused soon after that step was marked,
// as Salesforce may still be applying the change.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText, walkToCredentials } from "./session.mjs";

/** Checks that only a token obtained by signing in can pass. */
const AFTER_SIGN_IN = ["token", "signature", "instance", "scopes", "refresh_token", "refresh", "userinfo", "api_versions", "query"];

/** A Vonage practice setup with the practice org's key and secret saved as `name`, on the verify
 * screen. `walk`: mark every Setup step done on the way, as an admin who just followed them does. */
async function startVonagePractice(browser, { name, walk }) {
  await browser.waitUntil(async () => (await browser.$("#home-title, .setup__header").isExisting()), { timeout: 15_000 });
  if (!(await (await browser.$("#home-title")).isExisting())) await (await browser.$("button*=All setups")).click();
  await (await browser.$("#start-practice")).waitForClickable({ timeout: 15_000 });
  await (await browser.$("#start-practice")).click();
  await (await browser.$('[data-profile="vonage-ai-studio"]')).click();
  await waitForText(browser, "#inputs-title", "Your org and app");
  await (await browser.$("#inputs-next")).click();
  if (walk) {
    await walkToCredentials(browser);
  } else {
    await (await browser.$('[data-step-link="credentials"]')).click();
    await (await browser.$("#credentials-title")).waitForDisplayed({ timeout: 10_000 });
  }
  await (await browser.$("#fill-practice")).click();
  await browser.waitUntil(async () => (await (await browser.$("#consumer-key")).getValue()).startsWith("3MVG"), {
    timeout: 5000,
  });
  await typeInto(browser, "#connection-name", name);
  await (await browser.$("#save-credentials")).click();
  await waitForText(browser, "#verify-title", "Connect & verify");
}

/** Chooses a mistake (or "" for none) and waits until the practice app has it. `keys`: with the
 * keyboard instead of the mouse, from the list focused. */
async function rehearse(browser, value, changed, keys) {
  const select = await browser.$("#practice-mistake");
  if (keys) {
    await browser.execute((el) => el.focus(), select);
    await browser.keys(keys);
  } else {
    await select.selectByAttribute("value", value);
  }
  await browser.waitUntil(async () => changed.test(await textOf(browser, "#practice-mistake-changed")), {
    timeout: 10_000,
    timeoutMsg: `the practice app did not say it changed to ${value || "none"}`,
  });
  assert.equal(await (await browser.$("#practice-mistake")).getValue(), value);
}

async function verify(browser) {
  await (await browser.$("#run-verify")).click();
  await (await browser.$("#verify-summary")).waitForDisplayed({ timeout: 30_000 });
  return textOf(browser, "#verify-summary");
}

async function statusOf(browser, check) {
  const statuses = [];
  for (const row of await browser.$$(`[data-check="${check}"]`)) statuses.push(await row.getAttribute("data-status"));
  return statuses;
}

const opened = () => (fs.existsSync(process.env.ECA_E2E_OPENED) ? fs.readFileSync(process.env.ECA_E2E_OPENED, "utf8") : "");

test("the verify screen catches PKCE left required and a mistyped callback URL, and passes when put right", async () => {
  const browser = await launch();
  try {
    await startVonagePractice(browser, { name: "Vonage PKCE rehearsal", walk: true });
    const panel = await textOf(browser, ".practice-mistake");
    assert.match(panel, /Rehearse a mistake \(practice only\)/);
    assert.match(await textOf(browser, "#practice-mistake-changed"), /set up as Vonage AI Studio's guide says/);
    const choices = await browser.$$("#practice-mistake option").map((option) => option.getText());
    assert.deepEqual(choices, ["None: set up as the guide says", "PKCE left required", "Partner's callback URL mistyped"]);

    // PKCE left required: the partner's request is refused before any sign-in.
    await rehearse(browser, "pkce_left_required", /Require Proof Key for Code Exchange/);
    await shot(browser, "80-rehearse-pkce-left-required");
    await assertAccessible(browser, "verify screen rehearsing a mistake");
    const before = opened();
    const refused = await verify(browser);
    assert.doesNotMatch(refused, /The connection works/, refused);
    assert.deepEqual(await statusOf(browser, "partner_pkce"), ["failed"]);
    const pkce = await textOf(browser, '[data-check="partner_pkce"]');
    assert.match(pkce, /uncheck/, pkce);
    assert.match(pkce, /Require Proof Key for Code Exchange/, pkce);
    for (const check of AFTER_SIGN_IN) {
      assert.ok(!(await statusOf(browser, check)).includes("passed"), `${check} passed without a sign-in`);
    }
    assert.equal(opened(), before, "no browser was opened to sign in");
    await (await browser.$("#verify-summary")).scrollIntoView();
    await shot(browser, "81-verify-pkce-left-required");

    // Put right, with the keyboard: the same saved connection passes.
    await (await browser.$("#practice-mistake")).scrollIntoView();
    await rehearse(browser, "", /set up as Vonage AI Studio's guide says/, ["ArrowUp"]);
    assert.equal(await (await browser.$("#verify-summary")).isExisting(), false, "the old result is gone");
    const passed = await verify(browser);
    assert.match(passed, /^✓ The connection works/, passed);
    assert.deepEqual(await statusOf(browser, "partner_pkce"), ["passed"]);
    await shot(browser, "82-verify-put-right");

    // The partner's callback URL mistyped: Salesforce refuses the one Vonage returns to.
    await startVonagePractice(browser, { name: "Vonage callback rehearsal", walk: false });
    await rehearse(browser, "callback_mistyped", /oauth\/redirec instead of https:\/\/api-eu\.vonage\.com\/oauth\/redirect/);
    await shot(browser, "83-rehearse-callback-mistyped");
    const mistyped = await verify(browser);
    assert.doesNotMatch(mistyped, /The connection works/, mistyped);
    assert.deepEqual(await statusOf(browser, "partner_callback"), ["failed"]);
    assert.match(await textOf(browser, '[data-check="partner_callback"]'), /https:\/\/api-eu\.vonage\.com\/oauth\/redirect/);
    await (await browser.$("#verify-summary")).scrollIntoView();
    await shot(browser, "84-verify-callback-mistyped");
  } catch (err) {
    await shot(browser, "zz-failure-partner-request");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

// An admin sets up Vonage AI Studio for a sandbox: the partner screen shows the guide's
// username-password webhook marked as needing an older connected app, and beside it the client
// credentials webhook that works with the External Client App. Choosing that one (keyboard
// only) asks for the Run As user and adds client credentials to the Policies step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertAccessible } from "./accessibility.mjs";
import { launch, shot, textOf, typeInto, waitForText } from "./session.mjs";

const SANDBOX = "acme--qa.sandbox.my.salesforce.com";
const RUN_AS = "integration@acme.com.qa";
const BOX = "#option-sandbox_client_credentials";

async function valueOf(browser, field) {
  return (await browser.$(`[data-field="${field}"] [data-value]`)).getAttribute("data-value");
}

test("the Vonage sandbox shows both webhooks and the client credentials one adapts the app", async () => {
  const browser = await launch();
  try {
    await (await browser.$("#start-setup")).waitForClickable({ timeout: 15_000 });
    await (await browser.$("#start-setup")).click();
    await (await browser.$('[data-profile="vonage-ai-studio"]')).waitForClickable();
    await (await browser.$('[data-profile="vonage-ai-studio"]')).click();
    await waitForText(browser, "#inputs-title", "Your org and app");
    await typeInto(browser, "#domain", SANDBOX);
    await typeInto(browser, "#contact_email", "salesforce-admins@acme.com");
    await (await browser.$("#app_name")).click();
    assert.equal(await (await browser.$("#run_as")).isExisting(), false, "no Run As until the recipe is chosen");
    await (await browser.$("#inputs-next")).click();
    await waitForText(browser, "#step-title", "Open the External Client App Manager");

    await (await browser.$('[data-step-link="partner"]')).click();
    await waitForText(browser, "#partner-title", "At the partner: Vonage API Dashboard");
    const recipes = await browser.$$("section.recipe");
    assert.equal(recipes.length, 2);
    assert.equal(await recipes[0].getAttribute("data-recipe"), "legacy");
    const legacy = await recipes[0].getText();
    assert.match(legacy, /Needs an older connected app/);
    assert.match(legacy, /External Client Apps do not support/);
    assert.match(legacy, /20 February 2027/);
    assert.equal(await recipes[1].getAttribute("data-recipe"), "works-with-eca");
    const works = await recipes[1].getText();
    assert.match(works, /Works with this External Client App/);
    assert.match(works, /Not in the partner's guide: recommended by ECA Setup Assistant\./);
    const values = await recipes[1].$$("[data-value]").map((el) => el.getAttribute("data-value"));
    assert.deepEqual(values, [
      "POST",
      `https://${SANDBOX}/services/oauth2/token`,
      "application/x-www-form-urlencoded",
      "client_credentials",
      "$SF_ACCESS_TOKEN",
    ]);
    await recipes[0].scrollIntoView();
    await shot(browser, "50-partner-sandbox-recipes");
    await assertAccessible(browser, "partner screen with both sandbox webhooks");

    // Keyboard only: focus the box, Space checks it.
    await browser.execute((selector) => document.querySelector(selector).focus(), BOX);
    await browser.keys(" ");
    const runAs = `${BOX}-run_as`;
    await (await browser.$(runAs)).waitForDisplayed({ timeout: 10_000 });
    assert.equal(await (await browser.$(BOX)).isSelected(), true);
    await typeInto(browser, runAs, RUN_AS);
    assert.match(await textOf(browser, ".recipe-choice [role=status]"), /verify again/);
    await browser.pause(500);
    await shot(browser, "51-partner-client-credentials-chosen");
    await assertAccessible(browser, "partner screen with the client credentials webhook chosen");

    await (await browser.$("button=Go to Policies")).click();
    await waitForText(browser, "#step-title", "Policies");
    assert.equal(await valueOf(browser, "client_credentials_policy"), "checked");
    assert.equal(await valueOf(browser, "run_as"), RUN_AS);
    await shot(browser, "52-policies-with-client-credentials");
    await (await browser.$('[data-step-link="flow-enablement"]')).click();
    await waitForText(browser, "#step-title", "Flow Enablement");
    assert.equal(await valueOf(browser, "flow.client_credentials"), "checked");

    // Leave the home screen as it was: delete this setup (the one on the sandbox), only it.
    await (await browser.$("button*=All setups")).click();
    await (await browser.$(".setup-card")).waitForDisplayed();
    // Read in the page: this may be the only setup, and WebdriverIO's $$ over no cards left
    // yields an element that is not found instead of an empty list.
    const cards = () => browser.execute(() => [...document.querySelectorAll(".setup-card")].map((card) => card.innerText));
    const before = await cards();
    const mine = before.findIndex((text) => text.includes(SANDBOX));
    assert.notEqual(mine, -1, `this setup is on the home screen: ${before.join(" | ")}`);
    await (await browser.$$(".setup-card"))[mine].$(".button--danger-quiet").click();
    await (await browser.$("dialog[open] .button--danger")).click();
    await browser.waitUntil(async () => (await cards()).length === before.length - 1, { timeout: 5000 });
    assert.ok(!(await cards()).some((text) => text.includes(SANDBOX)), "this setup is gone");
  } catch (err) {
    await shot(browser, "zz-failure-vonage-sandbox");
    throw err;
  } finally {
    await browser.deleteSession();
  }
});

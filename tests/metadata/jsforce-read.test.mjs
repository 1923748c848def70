// The practice org's Metadata API and SOQL answers, read by a client the project did not write:
// jsforce from npm. Starts the practice org through the CLI (playing Vonage AI Studio's app, with
// a connected app that signs in with the username-password flow, and a Run As user without API
// access), signs in with the web server
// flow and PKCE, then reads the External Client App with `conn.metadata.read`, lists every
// External Client App with `conn.metadata.list`, reads the 2027 inventory with `conn.query`,
// and finally checks the practice org's request log for any write.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import jsforce from "jsforce";

const API_NAME = "Vonage_AI_Studio";
const CALLBACK = "http://localhost:1717/OauthRedirect";
const RUN_AS = "integration@practice.example";
let child;
let org;
let conn;

/** Starts `eca-setup-cli practice-org` and resolves with its address, key and secret. */
function startPracticeOrg() {
  const settings = [
    `api_name=${API_NAME}`,
    "auto_approve=true",
    "connected_app_password_flow=true",
    "run_as_api=false",
    "refresh_token_policy=SpecificLifetime",
  ];
  const args = ["run", "-q", "--locked", "-p", "eca-setup-cli", "--", "practice-org", "--profile", "vonage-ai-studio"];
  for (const setting of settings) args.push("--set", setting);
  // The option with a Run As user: client credentials for Vonage's webhooks.
  args.push("--option", "sandbox_client_credentials", "--input", `run_as=${RUN_AS}`);
  child = spawn("cargo", args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("exit", (code) => reject(new Error(`practice-org exited (${code}): ${out}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const field = (label) => out.match(new RegExp(`${label}:\\s+(\\S+)`))?.[1];
      const base = out.match(/is running at (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      if (base && field("Consumer Key") && field("Consumer Secret") && out.includes("Ctrl+C")) {
        resolve({ base, key: field("Consumer Key"), secret: field("Consumer Secret") });
      }
    });
  });
}

/** The web server flow with PKCE, as the assistant signs in (the org approves at once). */
async function signIn({ base, key, secret }) {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URL("/services/oauth2/authorize", base);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: key,
    redirect_uri: CALLBACK,
    state: "jsforce",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const redirect = await fetch(authorize, { redirect: "manual" });
  assert.equal(redirect.status, 302, "the practice org approves and redirects");
  const code = new URL(redirect.headers.get("location")).searchParams.get("code");
  assert.ok(code, `a code in ${redirect.headers.get("location")}`);
  const token = await fetch(new URL("/services/oauth2/token", base), {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: key,
      client_secret: secret,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }),
  });
  const body = await token.json();
  assert.equal(token.status, 200, JSON.stringify(body));
  return body;
}

before(async () => {
  org = await startPracticeOrg();
  const token = await signIn(org);
  conn = new jsforce.Connection({ instanceUrl: token.instance_url, accessToken: token.access_token, version: "68.0" });
});

after(() => child?.kill("SIGINT"));

test("jsforce reads the External Client App with readMetadata", async () => {
  const [app] = await conn.metadata.read("ExternalClientApplication", [API_NAME]);
  assert.equal(app.fullName, API_NAME);
  assert.equal(app.label, "Vonage AI Integration");
  assert.equal(app.distributionState, "Local");

  const [oauth] = await conn.metadata.read("ExtlClntAppOauthSettings", [API_NAME]);
  assert.deepEqual(oauth.commaSeparatedOauthScopes.split(","), ["Api", "Full", "RefreshToken", "OfflineAccess"]);

  const [policies] = await conn.metadata.read("ExtlClntAppOauthConfigurablePolicies", [API_NAME]);
  assert.equal(policies.refreshTokenPolicyType, "SpecificLifetime");
  assert.ok(policies.refreshTokenValidityPeriod, "a specific time has its period");
  assert.equal(policies.ipRelaxationPolicyType, "Bypass");
  assert.equal(policies.clientCredentialsFlowUser, RUN_AS);

  const [plugin] = await conn.metadata.read("ExtlClntAppConfigurablePolicies", [API_NAME]);
  assert.equal(plugin.isOauthPluginEnabled, "true");

  const [missing] = await conn.metadata.read("ExternalClientApplication", ["Not_In_This_Org"]);
  assert.deepEqual(missing, {}, "a name the org does not have reads as an empty record");
});

test("jsforce lists every External Client App with listMetadata", async () => {
  const listed = await conn.metadata.list({ type: "ExternalClientApplication" });
  assert.ok(Array.isArray(listed), "jsforce reads the results as a list");
  assert.deepEqual(
    listed.map((app) => app.fullName),
    [API_NAME, "ECA_Setup_Assistant"],
    "the partner's app and the assistant's own, used or not",
  );
  for (const app of listed) {
    assert.equal(app.type, "ExternalClientApplication");
    assert.equal(app.fileName, `externalClientApps/${app.fullName}.eca`);
    assert.ok(app.id && app.createdDate && app.lastModifiedDate, JSON.stringify(app));
  }
  const [assistant] = await conn.metadata.read("ExternalClientApplication", ["ECA_Setup_Assistant"]);
  assert.equal(assistant.label, "ECA Setup Assistant");
  assert.deepEqual(await conn.metadata.list({ type: "ExtlClntAppOauthSettings" }), [], "an empty list is not a fault");
});

test("jsforce gets Salesforce's faults", async () => {
  await assert.rejects(conn.metadata.read("ExtlClntAppGlobalOauthSettings", [API_NAME]), {
    errorCode: "sf:INSUFFICIENT_ACCESS",
  });
  await assert.rejects(conn.metadata.read("ApexClass", ["Anything"]), { errorCode: "sf:INVALID_TYPE" });
  const stranger = new jsforce.Connection({ instanceUrl: org.base, accessToken: "00D000000000PRA!AQnot", version: "68.0" });
  await assert.rejects(stranger.metadata.read("ExternalClientApplication", [API_NAME]), {
    errorCode: "sf:INVALID_SESSION_ID",
  });
});

test("jsforce runs the inventory's SOQL", async () => {
  const tokens = await conn.query("SELECT AppName, UseCount, LastUsedDate, UserId FROM OauthToken");
  assert.ok(tokens.records.some((row) => row.AppName === "Vonage AI Integration" && row.UseCount >= 1), JSON.stringify(tokens));

  const logins = await conn.query(
    "SELECT Application, LoginType, LoginSubType, LoginTime, Status FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30",
  );
  const password = logins.records.filter((row) => row.LoginSubType === "OAuth Username-Password");
  assert.equal(password.length, 2, JSON.stringify(logins.records));
  assert.equal(password[0].LoginType, "Remote Access 2.0");

  const grouped = await conn.query(
    "SELECT Application, COUNT(Id), MAX(LoginTime) FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30 GROUP BY Application",
  );
  assert.ok(grouped.records.every((row) => typeof row.expr0 === "number"), JSON.stringify(grouped.records));

  const apps = await conn.query("SELECT Id, Name FROM ConnectedApplication");
  assert.equal(apps.totalSize, 1);

  const users = await conn.query(
    `SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsApiEnabled FROM User WHERE Username = '${RUN_AS}'`,
  );
  assert.equal(users.records[0].Profile.PermissionsApiEnabled, false, "run_as_api=false");
});

test("the request log shows jsforce only read", async () => {
  const log = await (await fetch(new URL("/practice/requests", org.base))).json();
  assert.ok(log.some((entry) => entry.operation === "readMetadata"));
  assert.deepEqual(log.filter((entry) => entry.write), []);
});

#!/usr/bin/env node
// Stands in for the system browser in end-to-end tests (ECA_SETUP_OPENER): records each URL
// the app opens, and on the practice org's sign-in page does what the admin would: keeps the
// pre-filled username and password and clicks Allow, then follows the redirect to the app.
import fs from "node:fs";

const url = process.argv[2];
fs.appendFileSync(process.env.ECA_E2E_OPENED, `${url}\n`);

if (/^http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/authorize\?/.test(url)) {
  const page = await (await fetch(url)).text();
  const form = new URLSearchParams();
  for (const [, name, value] of page.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    form.append(name, unescapeHtml(value));
  }
  form.append("decision", "allow");
  const approve = await fetch(new URL("/services/oauth2/authorize/approve", url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const callback = approve.headers.get("location");
  if (callback) await fetch(callback);
}

function unescapeHtml(text) {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

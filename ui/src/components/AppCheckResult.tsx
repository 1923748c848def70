import { useEffect, useRef } from "preact/hooks";
import type { AppCheck } from "../bindings/AppCheck";

const SOURCE: Record<string, string> = {
  metadata: "Read from the app",
  query: "Read from the org",
  without_sign_in: "Checked without signing in",
};

/** What "Check this app in Salesforce" found: each difference with its screen, field and fix. */
export function AppCheckResult({ check }: { check: AppCheck }) {
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => summary.current?.focus(), [check]);
  const differences = check.findings.filter((f) => !f.matches);
  const found =
    check.found.by === "not_found"
      ? `No External Client App named ${check.api_name} was found, by API name, label or callback URL.`
      : check.found.by === "api_name"
        ? `Found ${check.api_name} by its API name.`
        : `Found it as ${check.found.api_name} (by ${check.found.by === "label" ? "its label" : "its callback URL"}).`;
  return (
    <div class="org-check" aria-labelledby="org-check-title">
      <h4 id="org-check-title">Check this app in Salesforce</h4>
      <p ref={summary} tabIndex={-1} role="status" id="org-check-summary"
        class={`verify-summary verify-summary--${check.passed ? "passed" : "failed"}`}>
        {check.passed
          ? `✓ No differences: the app in Salesforce matches this setup (${check.findings.length} settings compared).`
          : `✗ ${differences.length} ${differences.length === 1 ? "difference" : "differences"} between the app in Salesforce and this setup.`}
      </p>
      <p class="muted">{found}</p>
      {differences.length > 0 && (
        <table class="connection-table" id="org-differences">
          <caption class="visually-hidden">Differences</caption>
          <thead>
            <tr>
              <th scope="col">Setup screen</th>
              <th scope="col">Field</th>
              <th scope="col">Found</th>
              <th scope="col">Needed</th>
              <th scope="col">Why, and the fix</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((f, i) => (
              <tr key={i} data-field={f.field}>
                <td>{f.screen}</td>
                <td>{f.field}</td>
                <td>{f.found}</td>
                <td>{f.needed}</td>
                <td>
                  {f.quote && <blockquote class="org-check__quote">“{f.quote}”</blockquote>}
                  <p>{f.fix}</p>
                  <p class="muted">{SOURCE[f.source]}</p>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check.run_as && (
        <p id="org-run-as">
          Run As user {check.run_as.username}:{" "}
          {!check.run_as.exists
            ? "not found in the org."
            : `${check.run_as.active ? "active" : "inactive"}, API ${
                check.run_as.api_enabled === undefined ? "access not shown" : check.run_as.api_enabled ? "enabled" : "not enabled"
              }${check.run_as.profile ? ` (profile ${check.run_as.profile})` : ""}.`}
        </p>
      )}
      {(check.not_read.length > 0 || check.without_sign_in.length > 0) && (
        <div id="org-without-sign-in">
          <h5>Checked without signing in</h5>
          <ul class="instructions">
            {check.not_read.map((n) => (
              <li key={n.type_name}>
                The org did not show {n.type_name}: {n.message} {n.fix}
              </li>
            ))}
            {check.without_sign_in.map((c, i) => (
              <li key={`${c.id}-${i}`} data-status={c.status}>
                {c.status === "passed" ? "✓" : c.status === "failed" ? "✗" : "–"} {c.title}
                {c.detail ? `: ${c.detail}` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.notes.length > 0 && (
        <ul class="instructions">
          {check.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

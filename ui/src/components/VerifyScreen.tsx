import { useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { Check } from "../bindings/Check";
import type { FlowChoice } from "../bindings/FlowChoice";
import type { Progress } from "../bindings/Progress";
import type { Screen } from "../bindings/Screen";
import type { SetupView } from "../bindings/SetupView";
import type { Verification } from "../bindings/Verification";
import { titleOf } from "../screens";
import { OrgConnectionPanel } from "./OrgConnectionPanel";
import { RehearseMistake } from "./RehearseMistake";
import { StepNav } from "./StepNav";
import { keychain } from "../keychain";

type Props = {
  view: SetupView;
  onGo: (screen: Screen) => void;
  onBack: () => void;
  onNext: () => void;
  onError: (err: unknown) => void;
  onOpenSetup: (view: SetupView) => void;
  /** A verification ended: the setup's saved state (and so its progress) may have changed. */
  onVerified: () => void;
};

/** Runs the OAuth exchange against the org and shows each check as it completes. */
export function VerifyScreen({ view, onGo, onBack, onNext, onError, onOpenSetup, onVerified }: Props) {
  const connection = view.setup.connection;
  const flows = view.verify_flows;
  const [flow, setFlow] = useState<FlowChoice | null>(flows[0]?.flow ?? null);
  const [soql, setSoql] = useState("SELECT Id, Name FROM Organization");
  const [running, setRunning] = useState(false);
  const [log, setLog] = useState<string[]>([]);
  const [checks, setChecks] = useState<Check[]>([]);
  const [result, setResult] = useState<Verification | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => heading.current?.focus(), []);


  const onProgress = (event: Progress) => {
    if (event.kind === "check_done") setChecks((done) => [...done, event.check]);
    else setLog((lines) => [...lines, describe(event)]);
  };

  const run = async () => {
    if (!connection) return;
    setRunning(true);
    setLog([]);
    setChecks([]);
    setResult(null);
    try {
      const verification = await api.verify(connection, flow, soql.trim() || null, onProgress);
      setResult(verification);
      setChecks(verification.checks);
      // The setup's progress changed with it (verified, or no longer): read it again.
      onVerified();
      window.setTimeout(() => summary.current?.focus(), 0);
    } catch (err) {
      onError(asUiError(err));
    } finally {
      setRunning(false);
    }
  };

  // A rehearsed mistake changed the practice app: the last result no longer describes it.
  const forgetResult = () => {
    setLog([]);
    setChecks([]);
    setResult(null);
  };

  // One action stands out: verifying until it has passed, then moving on.
  const verified = result ? result.passed : view.setup.verified_at != null;
  // What the chosen flow means for this partner, in plain words.
  const chosen = flows.find((option) => option.flow === flow);
  const failed = checks.filter((c) => c.status === "failed").length;
  // What became of the tokens the verification obtained: revoked, kept as asked, or none issued.
  const tokens = result?.checks.find((c) => c.id === "revoke");

  return (
    <section aria-labelledby="verify-title">
      <h2 id="verify-title" tabIndex={-1} ref={heading}>
        {titleOf(view, "verify")}
      </h2>
      {!connection ? (
        <p class="callout callout--warning">
          Save the Consumer Key and Secret first; the test uses them from {keychain()}.{" "}
          <button type="button" class="slds-button slds-button_neutral button button--small" onClick={onBack}>
            Go to the key and secret
          </button>
        </p>
      ) : (
        <>
          <p class="muted">
            Signs in to {view.org_label} with the connection “{connection}”, calls
            Salesforce's APIs and compares what Salesforce grants with what {view.checklist.profile_name} needs.
          </p>
          {flows.length > 1 && (
            <div class="form-field">
              <label for="verify-flow">How to sign in</label>
              <select id="verify-flow" value={flow ?? ""} disabled={running}
                onChange={(e) => setFlow(e.currentTarget.value as FlowChoice)}>
                {flows.map((option, i) => (
                  <option value={option.flow} key={option.flow}>
                    {option.description}
                    {i === 0 ? " (the flow this integration uses)" : ""}
                  </option>
                ))}
              </select>
            </div>
          )}
          {chosen && (
            <p class="callout callout--info" id="verify-flow-meaning">
              {chosen.meaning}
            </p>
          )}
          {flows.length === 1 && <p class="muted" id="verify-flow-text">{flows[0].description}</p>}
          <details class="advanced" id="verify-advanced">
            <summary>Advanced</summary>
            <div class="form-field">
              <label for="verify-soql">Test query (SOQL)</label>
              <input id="verify-soql" value={soql} disabled={running} spellcheck={false}
                onInput={(e) => setSoql(e.currentTarget.value)} />
            </div>
          </details>
          {view.setup.practice && (
            <RehearseMistake setupId={view.setup.id} disabled={running} onRehearsed={forgetResult} onError={onError} />
          )}
          <div class="form-actions form-actions--start">
            <button
              type="button"
              id="run-verify"
              class={verified ? "slds-button slds-button_neutral button" : "slds-button slds-button_brand button button--brand"}
              disabled={running}
              onClick={run}
            >
              {running ? "Verifying…" : result ? "Verify again" : "Verify the connection"}
            </button>
            {running && (
              <button type="button" id="cancel-verify" class="slds-button slds-button_neutral button" onClick={() => api.cancelVerify().catch(onError)}>
                Cancel
              </button>
            )}
          </div>
        </>
      )}

      <ul class="progress-log" aria-live="polite" aria-label="Progress">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>

      {result && (
        <p ref={summary} tabIndex={-1} role="status" id="verify-summary"
          class={`verify-summary verify-summary--${result.passed ? "passed" : "failed"}`}>
          {result.passed
            ? `✓ The connection works: all ${checks.filter((c) => c.status === "passed").length} checks passed.`
            : `✗ ${failed} ${failed === 1 ? "check" : "checks"} failed. Each says what to fix below.`}
        </p>
      )}
      {tokens && (
        <p id="verify-tokens" class="muted" data-status={tokens.status}>
          <strong>Test tokens:</strong> {tokens.detail}
        </p>
      )}

      {checks.length > 0 && (
        <ol class="checks-list" aria-label="Checks">
          {checks.map((check, i) => (
            <li key={`${check.id}-${i}`} class={`check-row check-row--${check.status}`} data-check={check.id} data-status={check.status}>
              <span class="check-row__status">
                {check.status === "passed" ? "✓ Passed" : check.status === "failed" ? "✗ Failed" : "– Skipped"}
              </span>
              <strong>{check.title}</strong>
              {check.detail && <p class="check-row__detail">{check.detail}</p>}
              {check.diagnosis && (
                <div class="diagnosis" data-code={check.diagnosis.code}>
                  <p>
                    <strong>{check.diagnosis.message}</strong> {check.diagnosis.fix}
                  </p>
                  {check.diagnosis.step && (
                    <button type="button" class="slds-button slds-button_neutral button button--small" onClick={() => onGo(check.diagnosis!.step!)}>
                      Fix it on “{titleOf(view, check.diagnosis.step)}”
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}

      {result && result.notes.length > 0 && (
        <ul class="instructions">
          {result.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}

      <OrgConnectionPanel view={view} onOpenSetup={onOpenSetup} onError={onError} />

      <StepNav onBack={onBack} nextId="verify-next" nextQuiet={!verified} onNext={onNext} />
    </section>
  );
}

export function describe(event: Exclude<Progress, { kind: "check_done" }>): string {
  switch (event.kind) {
    case "step":
      return event.message;
    case "waiting_for_browser":
      return `Your browser opened Salesforce's sign-in page: sign in and click Allow. Waiting up to ${Math.round(Number(event.timeout_secs) / 60)} minutes for ${event.redirect_uri}.`;
    case "waiting_for_propagation":
      return `Salesforce does not know the app yet (new apps take up to 10 minutes). Attempt ${event.attempt}; trying again in ${event.next_retry_secs} s (waited ${event.waited_secs} s of ${event.total_secs} s).`;
  }
}

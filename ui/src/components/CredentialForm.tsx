import { useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { PasteIssue } from "../bindings/PasteIssue";
import type { PasteReport } from "../bindings/PasteReport";
import type { Profile } from "../bindings/Profile";
import type { SetupView } from "../bindings/SetupView";
import { titleOf } from "../screens";

type Props = {
  view: SetupView;
  profile: Profile;
  onSaved: (view: SetupView) => void;
  onBack: () => void;
  onError: (err: unknown) => void;
};

const CHECK_DELAY_MS = 200;

/** Where the admin pastes the Consumer Key and Secret; they go to the OS keychain only. */
export function CredentialForm({ view, profile, onSaved, onBack, onError }: Props) {
  const practice = view.setup.practice;
  // Typed values live only in this form's memory: a failed save keeps them for another try.
  const [name, setName] = useState(
    view.setup.connection ?? (practice ? `Practice ${profile.name}` : "Salesforce Production"),
  );
  const [key, setKey] = useState("");
  const [secret, setSecret] = useState("");
  const [showSecret, setShowSecret] = useState(false);
  const [report, setReport] = useState<PasteReport | null>(null);
  const [saveIssues, setSaveIssues] = useState<PasteIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const timer = useRef<number>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const check = (nextKey: string, nextSecret: string) => {
    window.clearTimeout(timer.current);
    setSaveIssues([]);
    timer.current = window.setTimeout(async () => {
      if (!nextKey && !nextSecret) return setReport(null);
      setReport((await api.checkPaste(nextKey, nextSecret)).report);
    }, CHECK_DELAY_MS);
  };
  const changeKey = (value: string) => {
    setKey(value);
    check(value, secret);
  };
  const changeSecret = (value: string) => {
    setSecret(value);
    check(key, value);
  };
  const swap = () => {
    setKey(secret);
    setSecret(key);
    check(secret, key);
  };
  const fillPractice = async () => {
    try {
      const credentials = await api.practiceCredentials(view.setup.id);
      setKey(credentials.consumer_key);
      setSecret(credentials.consumer_secret);
      check(credentials.consumer_key, credentials.consumer_secret);
    } catch (err) {
      onError(err);
    }
  };
  const save = async () => {
    setSaving(true);
    try {
      onSaved(await api.saveCredentials(view.setup.id, name, key, secret));
    } catch (err) {
      const error = asUiError(err);
      if (error.code === "InvalidCredential" || error.code === "InvalidInput" || error.code === "ConnectionExists") {
        setSaveIssues(
          error.fields && error.fields.length > 0
            ? error.fields.map((f) => ({ field: f.field, severity: "error", message: f.message, hint: f.hint }))
            : [{ field: "name", severity: "error", message: error.message, hint: error.hint }],
        );
      } else {
        onError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const issuesOf = (field: string) => [
    ...(report?.issues.filter((i) => i.field === field) ?? []),
    ...saveIssues.filter((i) => i.field === field),
  ];

  return (
    <section class="form-screen" aria-labelledby="credentials-title">
      <h2 id="credentials-title" tabIndex={-1} ref={heading}>
        {titleOf(view, "credentials")}
      </h2>
      <p class="muted">
        {practice
          ? "The practice org has its own key and secret; fill them in with the button below, or paste them as you would from Salesforce."
          : "Paste the two values Salesforce showed you on the Consumer Key and Secret page. They are kept in this computer's keychain, never in a file."}
      </p>
      {view.setup.connection && (
        <p class="callout callout--info" role="status">
          Saved in the keychain as “{view.setup.connection}”. Paste them again only to replace them.
        </p>
      )}

      <fieldset>
        <legend>Connection</legend>
        <Field id="connection-name" label="Connection name" issues={issuesOf("name")}
          help="A name you will recognise later, such as Salesforce Production or Salesforce QA.">
          <input id="connection-name" value={name} autocomplete="off" spellcheck={false}
            aria-describedby="connection-name-help connection-name-issues"
            onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="consumer-key" label="Consumer Key" issues={issuesOf("consumer_key")}
          help="Starts with 3MVG and is about 85 characters long.">
          <input id="consumer-key" value={key} autocomplete="off" spellcheck={false}
            aria-describedby="consumer-key-help consumer-key-issues"
            aria-invalid={issuesOf("consumer_key").some((i) => i.severity === "error") ? "true" : undefined}
            onInput={(e) => changeKey(e.currentTarget.value)} />
        </Field>
        <Field id="consumer-secret" label="Consumer Secret" issues={issuesOf("consumer_secret")}
          help="A long string of digits and letters A–F. It is hidden as you paste it.">
          <div class="secret-input">
            <input id="consumer-secret" type={showSecret ? "text" : "password"} value={secret}
              autocomplete="off" spellcheck={false}
              aria-describedby="consumer-secret-help consumer-secret-issues"
              aria-invalid={issuesOf("consumer_secret").some((i) => i.severity === "error") ? "true" : undefined}
              onInput={(e) => changeSecret(e.currentTarget.value)} />
            <button type="button" class="button button--small" aria-pressed={showSecret}
              aria-controls="consumer-secret" onClick={() => setShowSecret(!showSecret)}>
              {showSecret ? "Hide" : "Show"}
            </button>
          </div>
        </Field>
        {report?.swap_suggested && (
          <p class="callout callout--warning" role="alert">
            The key and the secret look swapped.{" "}
            <button type="button" id="swap-credentials" class="button button--small" onClick={swap}>
              Swap them back
            </button>
          </p>
        )}
        {practice && (
          <button type="button" id="fill-practice" class="button" onClick={fillPractice}>
            Fill in the practice org's key and secret
          </button>
        )}
      </fieldset>

      <div class="step__nav">
        <button type="button" class="button" onClick={onBack}>
          ← Back
        </button>
        <button type="button" id="save-credentials" class="button button--brand" disabled={saving} onClick={save}>
          {saving ? "Saving to the keychain…" : "Save to the keychain and continue →"}
        </button>
      </div>
    </section>
  );
}

type FieldProps = { id: string; label: string; help: string; issues: PasteIssue[]; children: preact.ComponentChildren };

function Field({ id, label, help, issues, children }: FieldProps) {
  return (
    <div class={`form-field${issues.some((i) => i.severity === "error") ? " form-field--invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children}
      <p class="form-field__help" id={`${id}-help`}>
        {help}
      </p>
      <div id={`${id}-issues`} aria-live="polite">
        {issues.map((issue, i) => (
          <p key={i} class={`paste-issue paste-issue--${issue.severity}`}>
            <span aria-hidden="true">{issue.severity === "error" ? "⚠ " : issue.severity === "warning" ? "! " : "ℹ "}</span>
            <strong>{issue.severity === "error" ? "Problem: " : issue.severity === "warning" ? "Check: " : "Note: "}</strong>
            {issue.message} {issue.hint}
          </p>
        ))}
      </div>
    </div>
  );
}

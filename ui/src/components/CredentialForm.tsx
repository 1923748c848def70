import { useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { PasteIssue } from "../bindings/PasteIssue";
import type { Profile } from "../bindings/Profile";
import type { SetupView } from "../bindings/SetupView";
import type { Step } from "../bindings/Step";
import { titleOf } from "../screens";
import { KeyField } from "./KeyField";
import { PasteField, invalid } from "./PasteField";
import { StepNav } from "./StepNav";
import { WhereInSetup } from "./WhereInSetup";
import { issuesOf, usePasteCheck } from "./usePasteCheck";
import { keychain } from "../keychain";

type Props = {
  view: SetupView;
  profile: Profile;
  /** The checklist's step that reveals the key and secret in Salesforce, shown first so both
   *  happen on this one screen. */
  reveal?: Step;
  onSaved: (view: SetupView) => void;
  onBack: () => void;
  onOpen: (url: string) => void;
  onError: (err: unknown) => void;
};

/** Where the admin pastes the Consumer Key and Secret; they go to the OS keychain only. */
export function CredentialForm({ view, profile, reveal, onSaved, onBack, onOpen, onError }: Props) {
  const practice = view.setup.practice;
  // Typed values live only in this form's memory: a failed save keeps them for another try.
  const [name, setName] = useState(
    view.setup.connection ?? (practice ? `Practice ${profile.name}` : "Salesforce Production"),
  );
  const [key, setKey] = useState("");
  const [secret, setSecret] = useState("");
  const [showSecret, setShowSecret] = useState(false);
  const report = usePasteCheck(key, secret);
  const [saveIssues, setSaveIssues] = useState<PasteIssue[]>([]);
  // What a refused save said is about the values it was given, not about new ones.
  useEffect(() => setSaveIssues([]), [key, secret]);
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const swap = () => {
    setKey(secret);
    setSecret(key);
  };
  const fillPractice = async () => {
    try {
      const credentials = await api.practiceCredentials(view.setup.id);
      setKey(credentials.consumer_key);
      setSecret(credentials.consumer_secret);
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

  const secretIssues = issuesOf(report, "consumer_secret", saveIssues);

  return (
    <section class="form-screen" aria-labelledby="credentials-title">
      <h2 id="credentials-title" tabIndex={-1} ref={heading}>
        {titleOf(view, "credentials")}
      </h2>
      <p class="muted">
        {practice
          ? "The practice org has its own key and secret; fill them in with the button below, or paste them as you would from Salesforce."
          : `Paste the two values Salesforce showed you on the Consumer Key and Secret page. They are kept in ${keychain()}, never in a file.`}
      </p>
      {reveal && (
        <section class="reveal" aria-labelledby="reveal-title">
          <h3 id="reveal-title">1. Reveal them in Salesforce</h3>
          <WhereInSetup breadcrumb={reveal.breadcrumb} link={reveal.link} quickFind={reveal.quick_find} onOpen={onOpen} />
          {reveal.warnings.map((warning, i) => (
            <p class="callout callout--warning" key={i}>
              <strong>Note: </strong>
              {warning}
            </p>
          ))}
          <ol class="instructions">
            {reveal.instructions.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
          <h3 id="paste-title">2. Paste them here</h3>
        </section>
      )}
      {view.setup.connection && (
        <p class="callout callout--info" role="status">
          Saved in {keychain()} as “{view.setup.connection}”. Paste them again only to replace them.
        </p>
      )}

      <fieldset>
        <legend>Connection</legend>
        <PasteField id="connection-name" label="Connection name" issues={issuesOf(report, "name", saveIssues)}
          help="A name you will recognize later, such as Salesforce Production or Salesforce QA.">
          <input id="connection-name" value={name} autocomplete="off" spellcheck={false}
            aria-describedby="connection-name-help connection-name-issues"
            onInput={(e) => setName(e.currentTarget.value)} />
        </PasteField>
        <KeyField id="consumer-key" label="Consumer Key" value={key} report={report} refused={saveIssues} onInput={setKey} />
        <PasteField id="consumer-secret" label="Consumer Secret" issues={secretIssues}
          help="A long string of digits and letters A–F. It is hidden as you paste it.">
          <div class="secret-input">
            <input id="consumer-secret" type={showSecret ? "text" : "password"} value={secret}
              autocomplete="off" spellcheck={false}
              aria-describedby="consumer-secret-help consumer-secret-issues"
              aria-invalid={invalid(secretIssues) ? "true" : undefined}
              onInput={(e) => setSecret(e.currentTarget.value)} />
            <button type="button" class="slds-button slds-button_neutral button button--small" aria-pressed={showSecret}
              aria-controls="consumer-secret" onClick={() => setShowSecret(!showSecret)}>
              {showSecret ? "Hide" : "Show"}
            </button>
          </div>
        </PasteField>
        {report?.swap_suggested && (
          <p class="callout callout--warning" role="alert">
            The key and the secret look swapped.{" "}
            <button type="button" id="swap-credentials" class="slds-button slds-button_neutral button button--small" onClick={swap}>
              Swap them back
            </button>
          </p>
        )}
        {practice && (
          <button type="button" id="fill-practice" class="slds-button slds-button_neutral button" onClick={fillPractice}>
            Fill in the practice org's key and secret
          </button>
        )}
      </fieldset>

      <StepNav
        onBack={onBack}
        nextId="save-credentials"
        nextLabel={saving ? "Saving…" : "Save and continue →"}
        nextDisabled={saving}
        onNext={save}
      />
    </section>
  );
}

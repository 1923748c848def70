import { useEffect, useRef, useState } from "preact/hooks";
import type { Profile } from "../bindings/Profile";
import type { SetupEdit } from "../bindings/SetupEdit";
import type { SetupView } from "../bindings/SetupView";
import type { Vocabulary } from "../bindings/Vocabulary";
import { titleOf } from "../screens";
import { EcaEditor } from "./EcaEditor";
import { settingLabel } from "../vocabulary";
import { TextField } from "./TextField";

type Props = {
  view: SetupView;
  profile: Profile;
  vocabulary: Vocabulary;
  edit: (change: SetupEdit) => Promise<SetupView | null>;
  onNext: () => void;
};

const SAVE_DELAY_MS = 250;

/** The first screen: the org's My Domain, the app's name and contact, and the partner's inputs. */
export function OrgAndAppForm({ view, profile, vocabulary, edit, onNext }: Props) {
  const inputs = view.setup.inputs;
  // What the admin types stays local, so a slow save never overwrites a keystroke.
  const [values, setValues] = useState<Record<string, string>>(() => ({
    domain: inputs.domain,
    app_name: inputs.app_name,
    api_name: inputs.api_name,
    contact_email: inputs.contact_email,
    ...Object.fromEntries(profile.inputs.map((spec) => [spec.id, inputs.values[spec.id] ?? ""])),
  }));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const timers = useRef<Record<string, number>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  // The API Name follows the app name on the server; show what it derived unless the admin is typing it.
  useEffect(() => {
    if (document.activeElement?.id !== "api_name") setValues((v) => ({ ...v, api_name: inputs.api_name }));
  }, [inputs.api_name]);

  const change = (field: string, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    window.clearTimeout(timers.current[field]);
    timers.current[field] = window.setTimeout(() => void edit({ kind: "input", field, value }), SAVE_DELAY_MS);
  };
  const touch = (field: string) => setTouched((t) => ({ ...t, [field]: true }));
  const issueOf = (field: string) => (touched[field] ? view.issues.find((i) => i.field === field) : undefined);
  // The count names exactly the fields that show their message in red, never more.
  const shown = view.issues.filter((issue) => touched[issue.field]);

  const next = async () => {
    let latest: SetupView | null = view;
    for (const [field, timer] of Object.entries(timers.current)) {
      window.clearTimeout(timer);
      latest = await edit({ kind: "input", field, value: values[field] });
    }
    timers.current = {};
    if (!latest) return;
    if (latest.issues.length === 0) return onNext();
    setTouched(Object.fromEntries(latest.issues.map((i) => [i.field, true])));
    document.getElementById(latest.issues[0].field)?.focus();
  };

  const org = view.checklist.org;
  // An input only an option asks for shows once the option is chosen (on the partner screen).
  const chosen = inputs.options ?? [];
  const needed = profile.inputs.filter((spec) => {
    const askers = profile.options.filter((option) => option.inputs.includes(spec.id));
    return askers.length === 0 || askers.some((option) => chosen.includes(option.id));
  });
  return (
    <section class="form-screen" aria-labelledby="inputs-title">
      <h2 id="inputs-title" tabIndex={-1} ref={heading}>
        {titleOf(view, "inputs")}
      </h2>
      <p class="muted">
        {profile.name}: {profile.summary}
      </p>

      <fieldset>
        <legend>Your Salesforce org</legend>
        <TextField
          id="domain"
          label="My Domain address"
          value={values.domain}
          placeholder="acme.my.salesforce.com"
          help="Find it in Setup → My Domain. Any address ending in .my.salesforce.com works: production, sandbox (--), Developer Edition (.develop.), Trailhead Playground (.trailblaze.), scratch and others."
          issue={issueOf("domain")}
          onInput={(v) => change("domain", v)}
          onBlur={() => touch("domain")}
        />
        {org && !issueOf("domain") && (
          <p class="org-kind" role="status">
            <span class="slds-badge badge">{org.kind_label}</span> {org.host}
            {org.note && <span class="org-kind__note"> — {org.note}</span>}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>Basic Information for the new app</legend>
        <TextField
          id="app_name"
          label={settingLabel(vocabulary, "app_name")}
          value={values.app_name}
          help={`The guide suggests “${profile.app_name.value}”.`}
          issue={issueOf("app_name")}
          onInput={(v) => change("app_name", v)}
          onBlur={() => touch("app_name")}
        />
        <TextField
          id="api_name"
          label={settingLabel(vocabulary, "api_name")}
          value={values.api_name}
          help="Filled from the name, as Salesforce does: letters, numbers and single underscores, starting with a letter."
          issue={issueOf("api_name")}
          onInput={(v) => change("api_name", v)}
          onBlur={() => touch("api_name")}
        />
        <TextField
          id="contact_email"
          label={settingLabel(vocabulary, "contact_email")}
          type="email"
          value={values.contact_email}
          placeholder="salesforce-admins@acme.com"
          help="The person or team responsible for this app."
          issue={issueOf("contact_email")}
          onInput={(v) => change("contact_email", v)}
          onBlur={() => touch("contact_email")}
        />
      </fieldset>

      {needed.length > 0 && (
        <fieldset>
          <legend>What {profile.name} needs from you</legend>
          {needed.map((spec) => (
            <TextField
              key={spec.id}
              id={spec.id}
              label={spec.label}
              value={values[spec.id]}
              placeholder={spec.example}
              help={spec.help}
              issue={issueOf(spec.id)}
              onInput={(v) => change(spec.id, v)}
              onBlur={() => touch(spec.id)}
            />
          ))}
        </fieldset>
      )}

      {profile.editable && view.setup.inputs.eca && (
        <EcaEditor eca={view.setup.inputs.eca} vocabulary={vocabulary} onChange={(eca) => edit({ kind: "eca", eca })} />
      )}

      <div class="form-actions">
        {shown.length > 0 && (
          <p class="form-actions__summary" role="status" data-count={shown.length}>
            {shown.length === 1 ? "One field needs" : `${shown.length} fields need`} fixing before you continue.
          </p>
        )}
        <button type="button" id="inputs-next" class="slds-button slds-button_brand button button--brand" onClick={next}>
          Continue to Salesforce Setup →
        </button>
      </div>
    </section>
  );
}

import { useState } from "preact/hooks";
import type { Choice } from "../bindings/Choice";
import type { EcaSettings } from "../bindings/EcaSettings";
import type { Sourced } from "../bindings/Sourced";
import type { Vocabulary } from "../bindings/Vocabulary";

type Props = { eca: EcaSettings; vocabulary: Vocabulary; onChange: (eca: EcaSettings) => void };

const mine = <T,>(value: T): Sourced<T> => ({ value, from: "admin" });

/** The Custom profile's settings, every one in Salesforce's own wording. */
export function EcaEditor({ eca, vocabulary, onChange }: Props) {
  const [callbacks, setCallbacks] = useState(eca.callback_urls.value.join("\n"));
  const [runAs, setRunAs] = useState(eca.run_as?.value ?? "");
  const set = (patch: Partial<EcaSettings>) => onChange({ ...eca, ...patch });
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  const box = (key: keyof EcaSettings, label: string) => {
    const current = eca[key] as Sourced<boolean>;
    return (
      <label class="check">
        <input
          type="checkbox"
          checked={current.value}
          onChange={(e) => set({ [key]: mine(e.currentTarget.checked) })}
        />
        {label}
      </label>
    );
  };

  const select = <T extends string>(id: string, label: string, choices: Choice<T>[], current: T, apply: (v: T) => void) => (
    <div class="form-field">
      <label for={id}>{label}</label>
      <select id={id} value={current} onChange={(e) => apply(e.currentTarget.value as T)}>
        {choices.map((c) => (
          <option value={c.value} key={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <fieldset>
        <legend>API (Enable OAuth Settings)</legend>
        <div class="form-field">
          <label for="custom-callbacks">Callback URL (one per line)</label>
          <textarea
            id="custom-callbacks"
            rows={3}
            value={callbacks}
            onInput={(e) => setCallbacks(e.currentTarget.value)}
            onBlur={() =>
              set({ callback_urls: mine(callbacks.split("\n").map((l) => l.trim()).filter(Boolean)) })
            }
          />
        </div>
        <fieldset class="checks">
          <legend>Selected OAuth Scopes</legend>
          {vocabulary.scopes.map((scope) => (
            <label class="check" key={scope.value}>
              <input
                type="checkbox"
                checked={eca.scopes.value.includes(scope.value)}
                onChange={(e) => set({ scopes: mine(toggle(eca.scopes.value, scope.value, e.currentTarget.checked)) })}
              />
              {scope.label}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <fieldset class="checks">
        <legend>Flow Enablement</legend>
        {vocabulary.flows.map((flow) => (
          <label class="check" key={flow.value}>
            <input
              type="checkbox"
              checked={eca.flows.value.includes(flow.value)}
              onChange={(e) => set({ flows: mine(toggle(eca.flows.value, flow.value, e.currentTarget.checked)) })}
            />
            {flow.label}
          </label>
        ))}
      </fieldset>
      <fieldset class="checks">
        <legend>Security</legend>
        {box("require_secret_web_server", "Require secret for Web Server Flow")}
        {box("require_secret_refresh", "Require secret for Refresh Token Flow")}
        {box("require_pkce", "Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows")}
        {box("refresh_token_rotation", "Enable Refresh Token Rotation")}
        {box("jwt_access_tokens", "Issue JSON Web Token (JWT)-based access tokens for named users")}
      </fieldset>
      <fieldset>
        <legend>Policies</legend>
        {select("custom-permitted", "Permitted Users", vocabulary.permitted_users, eca.permitted_users.value, (v) =>
          set({ permitted_users: mine(v) }),
        )}
        {box("client_credentials_policy", "Enable Client Credentials Flow")}
        {eca.client_credentials_policy.value && (
          <div class="form-field">
            <label for="custom-run-as">Run As (Username)</label>
            <input
              id="custom-run-as"
              value={runAs}
              onInput={(e) => setRunAs(e.currentTarget.value)}
              onBlur={() => set({ run_as: runAs.trim() ? mine(runAs.trim()) : undefined })}
            />
          </div>
        )}
        {select("custom-refresh", "Refresh Token Policy", vocabulary.refresh_token_policy, eca.refresh_token_policy.value, (v) =>
          set({ refresh_token_policy: mine(v) }),
        )}
        {select("custom-ip", "IP Relaxation", vocabulary.ip_relaxation, eca.ip_relaxation.value, (v) =>
          set({ ip_relaxation: mine(v) }),
        )}
      </fieldset>
    </>
  );
}

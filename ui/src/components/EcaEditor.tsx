import { useState } from "preact/hooks";
import type { Choice } from "../bindings/Choice";
import type { EcaSettings } from "../bindings/EcaSettings";
import type { RefreshTokenPolicy } from "../bindings/RefreshTokenPolicy";
import type { RefreshTokenValidity } from "../bindings/RefreshTokenValidity";
import type { Setting } from "../bindings/Setting";
import type { Sourced } from "../bindings/Sourced";
import type { StepId } from "../bindings/StepId";
import type { Vocabulary } from "../bindings/Vocabulary";
import { settingLabel } from "../vocabulary";

type Props = { eca: EcaSettings; vocabulary: Vocabulary; onChange: (eca: EcaSettings) => void };

const mine = <T,>(value: T): Sourced<T> => ({ value, from: "admin" });

/** A refresh token policy's metadata name; the specific-time ones carry their time. */
const policyName = (policy: RefreshTokenPolicy): string => (typeof policy === "string" ? policy : Object.keys(policy)[0]);
const validityOf = (policy: RefreshTokenPolicy): RefreshTokenValidity | undefined =>
  typeof policy === "string" ? undefined : "SpecificLifetime" in policy ? policy.SpecificLifetime : policy.SpecificInactivity;
const withValidity = (policy: RefreshTokenPolicy, validity: RefreshTokenValidity): RefreshTokenPolicy =>
  typeof policy === "string" ? policy : "SpecificLifetime" in policy ? { SpecificLifetime: validity } : { SpecificInactivity: validity };

/** The checkbox settings, by their EcaSettings field (a Setting is named as its field). */
type Box = Setting & { [K in keyof EcaSettings]: EcaSettings[K] extends Sourced<boolean> ? K : never }[keyof EcaSettings];

/** The Custom profile's settings, every one in Salesforce's own wording (from the core's
 *  vocabulary; no label is written here). */
export function EcaEditor({ eca, vocabulary, onChange }: Props) {
  const [callbacks, setCallbacks] = useState(eca.callback_urls.value.join("\n"));
  const [runAs, setRunAs] = useState(eca.run_as?.value ?? "");
  const set = (patch: Partial<EcaSettings>) => onChange({ ...eca, ...patch });
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  const label = (setting: Setting) => settingLabel(vocabulary, setting);
  const title = (step: StepId) => vocabulary.steps.find((c) => c.value === step)?.label ?? step;

  const box = (key: Box) => {
    const current = eca[key];
    return (
      <label class="check" key={key}>
        <input
          type="checkbox"
          checked={current.value}
          onChange={(e) => set({ [key]: mine(e.currentTarget.checked) })}
        />
        {label(key)}
      </label>
    );
  };

  const select = <T extends string>(id: string, setting: Setting, choices: Choice<T>[], current: T, apply: (v: T) => void) => (
    <div class="form-field">
      <label for={id}>{label(setting)}</label>
      <select id={id} value={current} onChange={(e) => apply(e.currentTarget.value as T)}>
        {choices.map((c) => (
          <option value={c.value} key={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );

  /** The policy, and for a specific-time one its number and unit (kept when switching between the two). */
  const refreshPolicy = () => {
    const policy = eca.refresh_token_policy.value;
    const validity = validityOf(policy);
    const choose = (name: string) => {
      const chosen = vocabulary.refresh_token_policy.find((c) => policyName(c.value) === name)?.value;
      if (chosen !== undefined) set({ refresh_token_policy: mine(validity ? withValidity(chosen, validity) : chosen) });
    };
    const setValidity = (next: RefreshTokenValidity) => set({ refresh_token_policy: mine(withValidity(policy, next)) });
    const policyLabel = vocabulary.refresh_token_policy.find((c) => policyName(c.value) === policyName(policy))?.label ?? "";
    return (
      <>
        {select(
          "custom-refresh",
          "refresh_token_policy",
          vocabulary.refresh_token_policy.map((c) => ({ value: policyName(c.value), label: c.label })),
          policyName(policy),
          choose,
        )}
        {validity && (
          <div class="form-field">
            <label for="custom-refresh-period">{policyLabel}</label>
            <input
              id="custom-refresh-period"
              type="number"
              min={1}
              value={validity.period}
              onChange={(e) => {
                const period = Math.round(Number(e.currentTarget.value));
                if (period >= 1) setValidity({ ...validity, period });
              }}
            />
            <select
              aria-label={policyLabel}
              value={validity.unit}
              onChange={(e) =>
                setValidity({ ...validity, unit: e.currentTarget.value as RefreshTokenValidity["unit"] })
              }
            >
              {vocabulary.refresh_token_validity_units.map((c) => (
                <option value={c.value} key={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </>
    );
  };

  return (
    <>
      <fieldset>
        <legend>{title("oauth-settings")}</legend>
        <div class="form-field">
          <label for="custom-callbacks">{label("callback_urls")} (one per line)</label>
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
          <legend>{label("scopes")}</legend>
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
        <legend>{title("flow-enablement")}</legend>
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
        <legend>{title("security")}</legend>
        {vocabulary.security.map((choice) => box(choice.value as Box))}
      </fieldset>
      <fieldset>
        <legend>{title("policies")}</legend>
        {select("custom-permitted", "permitted_users", vocabulary.permitted_users, eca.permitted_users.value, (v) =>
          set({ permitted_users: mine(v) }),
        )}
        {box("client_credentials_policy")}
        {eca.client_credentials_policy.value && (
          <div class="form-field">
            <label for="custom-run-as">{label("run_as")}</label>
            <input
              id="custom-run-as"
              value={runAs}
              onInput={(e) => setRunAs(e.currentTarget.value)}
              onBlur={() => set({ run_as: runAs.trim() ? mine(runAs.trim()) : undefined })}
            />
          </div>
        )}
        {refreshPolicy()}
        {select("custom-ip", "ip_relaxation", vocabulary.ip_relaxation, eca.ip_relaxation.value, (v) =>
          set({ ip_relaxation: mine(v) }),
        )}
      </fieldset>
    </>
  );
}

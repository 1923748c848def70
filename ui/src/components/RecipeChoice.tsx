import { useRef, useState } from "preact/hooks";
import type { FieldIssue } from "../bindings/FieldIssue";
import type { Profile } from "../bindings/Profile";
import type { RecipeOption } from "../bindings/RecipeOption";
import type { SetupEdit } from "../bindings/SetupEdit";
import type { SetupInputs } from "../bindings/SetupInputs";
import type { Screen } from "../bindings/Screen";
import type { SetupView } from "../bindings/SetupView";
import { titleOf } from "../screens";
import { TextField } from "./TextField";

type Props = {
  option: RecipeOption;
  profile: Profile;
  inputs: SetupInputs;
  issues: FieldIssue[];
  view: SetupView;
  edit: (change: SetupEdit) => Promise<SetupView | null>;
  onGo: (screen: Screen) => void;
};

const SAVE_DELAY_MS = 250;

/** The box that adapts the app to a webhook recipe, the inputs the recipe then needs, and the
 *  steps to revisit: the checklist gains what the option changes, so the admin sets it in
 *  Salesforce and verifies again. */
export function RecipeChoice({ option, profile, inputs, issues, view, edit, onGo }: Props) {
  const spec = profile.options.find((o) => o.id === option.id);
  const needs = (spec?.inputs ?? []).flatMap((id) => profile.inputs.filter((input) => input.id === id));
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(needs.map((input) => [input.id, inputs.values[input.id] ?? ""])),
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const timers = useRef<Record<string, number>>({});

  const change = (field: string, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    window.clearTimeout(timers.current[field]);
    timers.current[field] = window.setTimeout(() => void edit({ kind: "input", field, value }), SAVE_DELAY_MS);
  };
  const box = `option-${option.id}`;

  return (
    <div class="recipe-choice">
      <label class="check recipe-choice__box">
        <input
          type="checkbox"
          id={box}
          checked={option.chosen}
          aria-describedby={`${box}-summary`}
          onChange={(event) => void edit({ kind: "choose", option: option.id, chosen: event.currentTarget.checked })}
        />
        <strong>{option.label}</strong>
      </label>
      <p class="form-field__help" id={`${box}-summary`}>
        {option.summary}
      </p>
      {option.chosen && (
        <>
          {needs.map((input) => (
            <TextField
              key={input.id}
              id={`${box}-${input.id}`}
              label={input.label}
              value={values[input.id] ?? ""}
              placeholder={input.example}
              help={input.help}
              issue={touched[input.id] ? issues.find((issue) => issue.field === input.id) : undefined}
              onInput={(value) => change(input.id, value)}
              onBlur={() => setTouched((t) => ({ ...t, [input.id]: true }))}
            />
          ))}
          <div class="callout callout--info" role="status">
            <p class="recipe-choice__next">
              Your checklist now includes these settings. Set them in Salesforce, then verify again: the verification
              now uses client credentials.
            </p>
            <div class="recipe-choice__steps">
              {option.steps.map((step) => (
                <button type="button" class="slds-button slds-button_neutral button button--small" key={step} onClick={() => onGo(step)}>
                  Go to {titleOf(view, step)}
                </button>
              ))}
              <button type="button" class="slds-button slds-button_neutral button button--small" onClick={() => onGo("verify")}>
                Verify again
              </button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}

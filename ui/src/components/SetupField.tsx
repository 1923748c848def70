import type { Field } from "../bindings/Field";
import type { Profile } from "../bindings/Profile";
import { CopyButton } from "./CopyButton";

/** One label/value row of a Setup screen: the value as it must look, what to do, and its source.
 *  `sectionGuide` is the guide the section's heading already names: its rows do not repeat it. */
export function SetupField({ field, profile, sectionGuide }: { field: Field; profile: Profile; sectionGuide?: string }) {
  const labelId = `field-${field.id}`;
  return (
    <div class="sf-row" data-field={field.id}>
      <div class="sf-row__label" id={labelId}>
        {field.label}
      </div>
      <div class="sf-row__value">
        <div class="sf-row__control">
          <FieldValueView field={field} labelId={labelId} />
          {field.copy !== undefined && <CopyButton text={field.copy} what={field.label} />}
          <span class={`action action--${actionTone(field.action)}`}>{field.action}</span>
        </div>
        {field.note && (
          <p class="field-note">
            <span aria-hidden="true">⚠ </span>
            <strong>Important: </strong>
            {field.note}
          </p>
        )}
        <SourceNote field={field} profile={profile} sectionGuide={sectionGuide} />
      </div>
    </div>
  );
}

function FieldValueView({ field, labelId }: { field: Field; labelId: string }) {
  const value = field.value;
  switch (value.type) {
    case "text":
      return (
        <span class="sf-input" aria-labelledby={labelId} data-value={value.text}>
          {value.text}
        </span>
      );
    case "lines":
      return (
        <span class="sf-input sf-input--lines" data-value={value.lines.join("\n")}>
          {value.lines.map((line) => (
            <span key={line}>{line}</span>
          ))}
        </span>
      );
    case "checkbox":
      return (
        <span class="sf-checkbox" data-value={value.checked ? "checked" : "unchecked"}>
          <span class={`sf-checkbox__box${value.checked ? " sf-checkbox__box--on" : ""}`} aria-hidden="true">
            {value.checked ? "✓" : ""}
          </span>
          <span class="sf-checkbox__text">{value.checked ? "Checked" : "Unchecked"}</span>
        </span>
      );
    case "choice":
      return (
        <span class="sf-select" data-value={value.selected}>
          {value.selected}
          <span aria-hidden="true" class="sf-select__arrow">
            ▾
          </span>
        </span>
      );
    case "scopes":
      return (
        <div class="sf-dual">
          <div class="sf-dual__title">Selected OAuth Scopes</div>
          <ul class="sf-dual__list" data-value={value.selected.map((row) => row.tokens.join(" ")).join(", ")}>
            {value.selected.map((row) => (
              <li key={row.scope}>{row.label}</li>
            ))}
          </ul>
        </div>
      );
  }
}

function SourceNote({ field, profile, sectionGuide }: { field: Field; profile: Profile; sectionGuide?: string }) {
  if (field.from === "admin") return <p class="source">Your entry</p>;
  if (field.from === "salesforce-default")
    return <p class="source">Salesforce's default — the guide does not change it</p>;
  if (field.from === "recommended") return <p class="source">Recommended by this app — the guide does not say</p>;
  if (field.from === sectionGuide) {
    return field.quote ? (
      <details class="source">
        <summary>Why?</summary>
        <blockquote>{field.quote}</blockquote>
      </details>
    ) : null;
  }
  const guide = profile.guides.find((g) => g.id === field.from);
  const title = guide ? guide.title : `guide ${field.from}`;
  if (!field.quote) return <p class="source">From {title}</p>;
  return (
    <details class="source">
      <summary>From {title}</summary>
      <blockquote>{field.quote}</blockquote>
    </details>
  );
}

function actionTone(action: string): string {
  if (action === "Uncheck" || action === "Check" || action === "Select") return "change";
  if (action.startsWith("Leave")) return "leave";
  return "enter";
}

/** The guide most of a section's values come from, to name once under its heading. */
export function mainGuide(fields: Field[], profile: Profile): string | undefined {
  const counts = new Map<string, number>();
  for (const field of fields) {
    if (profile.guides.some((g) => g.id === field.from)) counts.set(field.from, (counts.get(field.from) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

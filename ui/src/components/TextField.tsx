import type { FieldIssue } from "../bindings/FieldIssue";

type Props = {
  id: string;
  label: string;
  value: string;
  help?: string;
  placeholder?: string;
  issue?: FieldIssue;
  type?: "text" | "email";
  onInput: (value: string) => void;
  onBlur?: () => void;
};

/** A labelled input whose help and problem are tied to it for screen readers. */
export function TextField({ id, label, value, help, placeholder, issue, type = "text", onInput, onBlur }: Props) {
  const described = [help && `${id}-help`, issue && `${id}-issue`].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`form-field${issue ? " form-field--invalid" : ""}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        placeholder={placeholder}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={issue ? "true" : undefined}
        aria-describedby={described}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      {help && (
        <p class="form-field__help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {issue && (
        <p class="form-field__issue" id={`${id}-issue`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {issue.message} {issue.hint}
        </p>
      )}
    </div>
  );
}

import type { PasteIssue } from "../bindings/PasteIssue";

type Props = { id: string; label: string; help: string; issues: PasteIssue[]; children: preact.ComponentChildren };

/** A labelled input for a pasted value, with its help and what the paste checks say about it;
 *  the input (`children`) refers to `${id}-help` and `${id}-issues`. */
export function PasteField({ id, label, help, issues, children }: Props) {
  return (
    <div class={`form-field${invalid(issues) ? " form-field--invalid" : ""}`}>
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

/** Whether an input is to be marked invalid: some issue is an error, not a warning or a note. */
export const invalid = (issues: PasteIssue[]) => issues.some((i) => i.severity === "error");

import type { PasteIssue } from "../bindings/PasteIssue";
import type { PasteReport } from "../bindings/PasteReport";
import { PasteField, invalid } from "./PasteField";
import { issuesOf } from "./usePasteCheck";

type Props = {
  id: string;
  label: string;
  value: string;
  /** The paste checks' answer (`usePasteCheck`); only what it says about the key is shown. */
  report: PasteReport | null;
  /** What a refused save said about the key. */
  refused?: PasteIssue[];
  /** Said after the help on what a Consumer Key looks like. */
  note?: string;
  onInput: (value: string) => void;
};

/** A Consumer Key input, with what the paste checks say about it as it is pasted. */
export function KeyField({ id, label, value, report, refused, note, onInput }: Props) {
  const issues = issuesOf(report, "consumer_key", refused);
  return (
    <PasteField
      id={id}
      label={label}
      help={`Starts with 3MVG and is about 85 characters long.${note ? ` ${note}` : ""}`}
      issues={issues}
    >
      <input
        id={id}
        value={value}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={`${id}-help ${id}-issues`}
        aria-invalid={invalid(issues) ? "true" : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </PasteField>
  );
}

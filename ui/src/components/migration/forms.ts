// What every form of a move from a connected app is given, and the little they share. The
// page around them (`MigrationStep`) owns the primary button; a form names it and says what it does.
import { useEffect, useRef } from "preact/hooks";
import type { MigrationEdit } from "../../bindings/MigrationEdit";
import type { MigrationForm } from "../../bindings/MigrationForm";
import type { PracticeConnectedApp } from "../../bindings/PracticeConnectedApp";
import type { RouteOption } from "../../bindings/RouteOption";
import type { SetupView } from "../../bindings/SetupView";
import type { UiError } from "../../bindings/UiError";

/** What a form's primary button does; a problem it returns is shown beside the form. */
export type Act = () => Promise<UiError | null>;
export type Register = (label: string, act: Act) => void;

export type FormProps = {
  form: MigrationForm;
  routes: RouteOption[];
  view: SetupView;
  id: string;
  change: (call: () => Promise<SetupView>, advance: boolean) => Promise<UiError | null>;
  edit: (migration: MigrationEdit, advance: boolean) => Promise<UiError | null>;
  practiceApp: () => Promise<PracticeConnectedApp | null>;
  /** Moves on with nothing to send. */
  advance: Act;
  register: Register;
  onOpen: (url: string) => void;
  onError: (err: unknown) => void;
};

export type FormOf<T extends MigrationForm["type"]> = Omit<FormProps, "form"> & { form: Extract<MigrationForm, { type: T }> };

/** Names the page's primary button; it always acts on what the form holds now. */
export function usePrimary(register: Register, label: string, act: Act) {
  const latest = useRef(act);
  latest.current = act;
  useEffect(() => register(label, () => latest.current()), [label]);
}

/** A problem found before anything is sent: shown like the core's own refusals. */
export const missing = (message: string, hint: string): UiError => ({ code: "InvalidInput", message, hint, fields: [] });

export { when } from "../../dates";

/** Said under a Consumer Key field here: the key is recorded, but not kept whole. */
export const KEY_KEPT_MASKED = "Only its first and last four characters and a fingerprint are kept, never the key.";

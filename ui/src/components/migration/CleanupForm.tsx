import { useState } from "preact/hooks";
import type { CleanupStep } from "../../bindings/CleanupStep";
import { ConfirmDialog } from "../ConfirmDialog";
import { when, type FormOf } from "./forms";

/** "Clean up the old connected app": what the admin has done to it, each with when. */
export function CleanupForm({ form, edit, onError }: FormOf<"cleanup">) {
  const mark = async (step: CleanupStep, done: boolean) => {
    const refused = await edit({ kind: "cleanup", step, done }, false);
    if (refused) onError(refused);
  };
  // Deleting cannot be undone, so marking it asks first, naming what is lost.
  const [askingDelete, setAskingDelete] = useState(false);
  const action = form.old_app?.action;
  const ended = (as: typeof action) => (action === as ? form.old_app?.at : undefined);
  // Each step: what it says, whether it is marked, and when it was.
  const steps: Array<[CleanupStep, string, boolean, string | undefined]> = [
    ["revoke_tokens", "I revoked the old app's tokens", Boolean(form.tokens_revoked_at), form.tokens_revoked_at],
    ["block_old_app", "I blocked the old app", action === "blocked", ended("blocked")],
    ["delete_old_app", "I deleted the old app", action === "deleted", ended("deleted")],
  ];
  return (
    <fieldset class="migration-form checks" aria-describedby="cleanup-help">
      <legend>What you have done</legend>
      <p class="form-field__help" id="cleanup-help">
        Revoke the tokens, then either block or delete the old app: marking one of those two unmarks the other.
      </p>
      {steps.map(([step, label, checked, at]) => (
        <label class="check" key={step}>
          <input
            type="checkbox"
            id={`cleanup-${step}`}
            checked={checked}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (step === "delete_old_app" && on) {
                e.currentTarget.checked = false;
                setAskingDelete(true);
              } else {
                void mark(step, on);
              }
            }}
          />
          <span>
            {label}
            {at && <span class="muted"> ({when(at)})</span>}
          </span>
        </label>
      ))}
      {askingDelete && (
        <ConfirmDialog
          title="Did you delete the old connected app?"
          confirmLabel="Yes, I deleted it"
          danger
          onCancel={() => setAskingDelete(false)}
          onConfirm={() => {
            setAskingDelete(false);
            void mark("delete_old_app", true);
          }}
        >
          Deleting a connected app cannot be undone: it cannot be created again with the same Consumer Key, and anything
          still signing in through it stops working for good. Mark this only once you have deleted it in Salesforce and
          the partner works with the new app.
        </ConfirmDialog>
      )}
    </fieldset>
  );
}

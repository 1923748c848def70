import { api } from "../../api";
import { usePrimary, when, type FormOf } from "./forms";

/** "Migrate to External Client App": the admin marks that they clicked Migrate. */
export function MigrateForm({ form, view, id, change, advance, register }: FormOf<"migrated">) {
  usePrimary(register, form.at ? "Next →" : "Done, next →", () =>
    form.at ? advance() : change(() => api.recordMigrated(id, true), true),
  );
  return (
    <div class="migration-form">
      <button
        type="button"
        id="migrated-done"
        class={`slds-button slds-button_neutral button ${form.at ? "button--done" : ""}`}
        aria-pressed={Boolean(form.at)}
        onClick={() => void change(() => api.recordMigrated(id, !form.at), false)}
      >
        {form.at ? "✓ Marked done" : "Mark done: I clicked Migrate"}
      </button>
      <p class="muted migrated-note" id="migrated-at" role="status">
        {form.at
          ? `Migrated ${when(form.at)}.`
          : view.setup.practice
            ? "In practice mode, marking it done also clicks Migrate in the practice org if you have not."
            : ""}
      </p>
    </div>
  );
}

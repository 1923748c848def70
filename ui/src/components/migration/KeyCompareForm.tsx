import { useState } from "preact/hooks";
import { api } from "../../api";
import type { KeyCheck } from "../../bindings/KeyCheck";
import { KeyField } from "../KeyField";
import { usePasteCheck } from "../usePasteCheck";
import { KEY_KEPT_MASKED, missing, usePrimary, type FormOf } from "./forms";
import { PracticeFill } from "./PracticeFill";

const KEY_CHECK_WORDS: Record<KeyCheck, string> = {
  same: "✓ Same key",
  changed: "✗ The key changed",
  no_key_before: "? No key was recorded before the migration",
};

/** "Compare the Consumer Key after migrating": both keys masked, and whether they are the same. */
export function KeyCompareForm({ form, view, id, change, advance, register, onError }: FormOf<"key_after">) {
  const [key, setKey] = useState("");
  const report = usePasteCheck(key, "");
  usePrimary(register, key ? "Compare the keys" : "Next →", async () => {
    if (!key && form.check) return advance();
    if (!key) return missing("Paste the External Client App's Consumer Key first.", "Its Settings tab shows it under OAuth Settings.");
    const refused = await change(() => api.compareKeyAfter(id, key), false);
    if (!refused) {
      setKey("");
      window.setTimeout(() => document.getElementById("key-check")?.focus(), 0);
    }
    return refused;
  });
  const fill = async () => {
    try {
      setKey((await api.practiceCredentials(id)).consumer_key);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <fieldset class="migration-form">
      <legend>The External Client App's Consumer Key</legend>
      <dl class="key-compare">
        <dt>Before migrating</dt>
        <dd>
          <code class="key" id="key-before-masked">
            {form.before ?? "not recorded"}
          </code>
        </dd>
        <dt>After migrating</dt>
        <dd>
          <code class="key" id="key-after-masked">
            {form.after ?? "not recorded yet"}
          </code>
        </dd>
      </dl>
      {form.check && (
        <p
          id="key-check"
          tabIndex={-1}
          role="status"
          data-check={form.check}
          class={`key-check key-check--${form.check === "same" ? "same" : "changed"}`}
        >
          {KEY_CHECK_WORDS[form.check]}
        </p>
      )}
      <KeyField id="key-after" label="Consumer Key (after migrating)" value={key} report={report} note={KEY_KEPT_MASKED} onInput={setKey} />
      {view.setup.practice && (
        <PracticeFill id="fill-practice-key-after" label="Fill in the practice External Client App's Consumer Key" onFill={fill} />
      )}
    </fieldset>
  );
}

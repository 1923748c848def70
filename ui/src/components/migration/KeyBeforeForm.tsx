import { useState } from "preact/hooks";
import { api } from "../../api";
import { KeyField } from "../KeyField";
import { usePasteCheck } from "../usePasteCheck";
import { KEY_KEPT_MASKED, missing, usePrimary, type FormOf } from "./forms";
import { PracticeFill } from "./PracticeFill";

/** "Record the Consumer Key before migrating": the connected app's key, pasted and kept only
 *  masked; it stays in this form's memory until it is sent. */
export function KeyBeforeForm({ form, view, id, change, practiceApp, advance, register }: FormOf<"key_before">) {
  const [key, setKey] = useState("");
  const report = usePasteCheck(key, "");
  const nothingNew = !key && Boolean(form.recorded);
  usePrimary(register, nothingNew ? "Next →" : "Record the key and continue →", async () => {
    if (nothingNew) return advance();
    if (!key) return missing("Paste the connected app's Consumer Key first.", "Manage Consumer Details in App Manager shows it.");
    return change(() => api.recordKeyBefore(id, key), true);
  });
  const fill = async () => {
    const app = await practiceApp();
    if (app) setKey(app.consumer_key);
  };
  return (
    <fieldset class="migration-form">
      <legend>The connected app's Consumer Key</legend>
      {form.recorded && (
        <p class="callout callout--info" role="status" id="key-before-recorded">
          Recorded: <code class="key">{form.recorded}</code>. Paste it again only to replace it.
        </p>
      )}
      <KeyField id="key-before" label="Consumer Key (before migrating)" value={key} report={report} note={KEY_KEPT_MASKED} onInput={setKey} />
      {view.setup.practice && (
        <PracticeFill id="fill-practice-key-before" label="Fill in the practice connected app's Consumer Key" onFill={fill} />
      )}
    </fieldset>
  );
}

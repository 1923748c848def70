import { useState } from "preact/hooks";
import { missing, usePrimary, type FormOf } from "./forms";
import { PracticeFill } from "./PracticeFill";

/** "Find username-password sign-ins": whether the integration signs in with a password. */
export function SignInsForm({ form, view, edit, practiceApp, advance, register }: FormOf<"sign_ins">) {
  const [password, setPassword] = useState<boolean | null>(form.password_flow ?? null);
  const unchanged = password !== null && password === form.password_flow;
  usePrimary(register, unchanged ? "Next →" : "Record and continue →", async () => {
    if (unchanged) return advance();
    if (password === null)
      return missing("Answer whether the integration signs in with a username and password.", "Login History and the partner's setup tell.");
    return edit({ kind: "sign_ins", password_flow: password }, true);
  });
  const fill = async () => {
    const app = await practiceApp();
    if (app) setPassword(app.password_flow);
  };
  return (
    <fieldset class="migration-form choice-group">
      <legend>Does the integration sign in with a username and password?</legend>
      <label class="check">
        <input type="radio" name="sign-ins" id="sign-ins-yes" checked={password === true} onChange={() => setPassword(true)} />
        <span>Yes: it sends a Salesforce username and password (grant_type=password)</span>
      </label>
      <label class="check">
        <input type="radio" name="sign-ins" id="sign-ins-no" checked={password === false} onChange={() => setPassword(false)} />
        <span>No</span>
      </label>
      {view.setup.practice && (
        <PracticeFill id="fill-practice-sign-ins" label="Fill in what the practice org's Login History shows" onFill={fill} />
      )}
    </fieldset>
  );
}

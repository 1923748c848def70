import { useState } from "preact/hooks";
import { TextField } from "../TextField";
import { missing, usePrimary, type FormOf } from "./forms";
import { PracticeFill } from "./PracticeFill";

/** "Find the connected app": its name, where it came from, and how many users it has. */
export function ConnectedAppForm({ form, view, edit, practiceApp, advance, register }: FormOf<"old_app">) {
  const [name, setName] = useState(form.name);
  const [local, setLocal] = useState<boolean | null>(form.local ?? null);
  const [users, setUsers] = useState(form.users != null ? String(form.users) : "");
  const unchanged =
    form.local != null && name === form.name && local === form.local && users === (form.users != null ? String(form.users) : "");
  usePrimary(register, unchanged ? "Next →" : "Record and continue →", async () => {
    if (unchanged) return advance();
    if (local === null) return missing("Say where the connected app came from.", "App Manager shows whether it was created in this org.");
    const count = users.trim() === "" ? undefined : Number(users);
    if (count !== undefined && !(Number.isInteger(count) && count >= 0))
      return missing("The User Count is a whole number.", "Copy it from Connected Apps OAuth Usage, or leave it empty.");
    return edit({ kind: "old_app", name, local, users: count }, true);
  });
  const fill = async () => {
    const app = await practiceApp();
    if (!app) return;
    setName(app.name);
    setLocal(app.local);
    setUsers(String(app.users));
  };
  return (
    <fieldset class="migration-form">
      <legend>What you found</legend>
      <TextField
        id="old-app-name"
        label="Connected app name"
        value={name}
        help="As Connected Apps OAuth Usage or App Manager shows it."
        onInput={setName}
      />
      <fieldset class="choice-group">
        <legend>Where it came from</legend>
        <label class="check">
          <input type="radio" name="old-app-local" id="old-app-local-yes" checked={local === true} onChange={() => setLocal(true)} />
          <span>Created in this org (local)</span>
        </label>
        <label class="check">
          <input type="radio" name="old-app-local" id="old-app-local-no" checked={local === false} onChange={() => setLocal(false)} />
          <span>Installed from a package or another org</span>
        </label>
      </fieldset>
      <div class="form-field">
        <label for="old-app-users">User Count on OAuth Usage</label>
        <input
          id="old-app-users"
          type="number"
          min={0}
          inputMode="numeric"
          value={users}
          aria-describedby="old-app-users-help"
          onInput={(e) => setUsers(e.currentTarget.value)}
        />
        <p class="form-field__help" id="old-app-users-help">
          Leave it empty when the app is not listed there.
        </p>
      </div>
      {view.setup.practice && (
        <PracticeFill id="fill-practice-old-app" label="Fill in what the practice org's Setup shows" onFill={fill} />
      )}
    </fieldset>
  );
}

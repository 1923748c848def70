import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { CleanupStep } from "../bindings/CleanupStep";
import type { KeyCheck } from "../bindings/KeyCheck";
import type { MigrationEdit } from "../bindings/MigrationEdit";
import type { MigrationForm } from "../bindings/MigrationForm";
import type { MigrationPage } from "../bindings/MigrationPage";
import type { PasteIssue } from "../bindings/PasteIssue";
import type { PracticeConnectedApp } from "../bindings/PracticeConnectedApp";
import type { Route } from "../bindings/Route";
import type { RouteOption } from "../bindings/RouteOption";
import type { Screen } from "../bindings/Screen";
import type { SetupView } from "../bindings/SetupView";
import type { UiError } from "../bindings/UiError";
import { titleOf } from "../screens";
import { FactList } from "./FactList";
import { TextField } from "./TextField";
import { WhereInSetup } from "./WhereInSetup";

type Props = {
  view: SetupView;
  page: MigrationPage;
  /** A new view from a change made here; `advance` moves on to the next screen. */
  onSaved: (view: SetupView, advance: boolean) => void;
  onGo: (screen: Screen) => void;
  onBack: () => void;
  onNext: () => void;
  onOpen: (url: string) => void;
  onError: (err: unknown) => void;
};

/** What a form's primary button does; a problem it returns is shown beside the form. */
type Act = () => Promise<UiError | null>;
type Register = (label: string, act: Act) => void;

const when = (at: string) => new Date(at).toLocaleString();

/** One screen of a move from a connected app, drawn from the page the core computed: where it is
 *  in Setup, what to do, what it rests on, and what the admin records here. */
export function MigrationStep({ view, page, onSaved, onGo, onBack, onNext, onOpen, onError }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [page.screen]);
  const [problem, setProblem] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = view.setup.id;
  const entry = view.screens.find((e) => e.screen === page.screen);
  const locked = page.form.type === "cleanup" && !page.form.unlocked;

  /** Runs a change; a refusal the admin can fix is shown beside the form, anything else above. */
  const change = async (call: () => Promise<SetupView>, advance: boolean): Promise<UiError | null> => {
    try {
      onSaved(await call(), advance);
      return null;
    } catch (err) {
      const error = asUiError(err);
      if (error.code !== "InvalidInput") onError(error);
      return error.code === "InvalidInput" ? error : null;
    }
  };
  const edit = (migration: MigrationEdit, advance: boolean) =>
    change(() => api.editSetup(id, { kind: "migration", edit: migration }), advance);
  const practiceApp = async (): Promise<PracticeConnectedApp | null> => {
    try {
      return (await api.practiceCredentials(id)).connected_app ?? null;
    } catch (err) {
      onError(err);
      return null;
    }
  };
  const advance = async () => {
    onNext();
    return null;
  };

  // The form below names the primary button and says what it does; screens without a form to
  // send (the cleanup) keep a plain Next.
  const [primary, setPrimary] = useState<string | null>(null);
  const primaryAct = useRef<Act | null>(null);
  const register = useCallback<Register>((label, act) => {
    primaryAct.current = act;
    setPrimary(label);
  }, []);
  const formProps = { view, id, change, edit, practiceApp, advance, register, onOpen, onError };
  const runPrimary = async () => {
    if (!primaryAct.current || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const refused = await primaryAct.current();
      setProblem(refused);
      if (refused) window.setTimeout(() => document.getElementById("migration-problem")?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="step migration-step" aria-labelledby="migration-title" data-migration={page.screen}>
      <p class="step__kicker">
        Moving from a connected app
        {entry?.state === "done" && <span class="badge badge--done">✓ Done</span>}
        {entry?.state === "locked" && <span class="badge badge--locked">Locked</span>}
      </p>
      <h2 id="migration-title" tabIndex={-1} ref={heading}>
        {page.title}
      </h2>
      {page.quick_find && !locked && (
        <WhereInSetup breadcrumb={page.breadcrumb} link={page.link} quickFind={page.quick_find} onOpen={onOpen} />
      )}

      {page.warnings.map((warning, i) => (
        <p class="callout callout--warning" key={i} data-warning>
          <strong>Note: </strong>
          {warning}
        </p>
      ))}
      {locked && (
        <p>
          <button type="button" id="go-verify" class="button" onClick={() => onGo("verify")}>
            Go to {titleOf(view, "verify")}
          </button>
        </p>
      )}

      {page.instructions.length > 1 && !locked && (
        <ol class="instructions" id="migration-instructions">
          {page.instructions.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
      {page.instructions.length === 1 && !locked && <p id="migration-instructions">{page.instructions[0]}</p>}

      {!locked && (
        <Form form={page.form} routes={view.migration?.routes ?? []} {...formProps} />
      )}

      {problem && (
        <p class="form-field__issue migration-problem" id="migration-problem" role="alert" tabIndex={-1}>
          <span aria-hidden="true">⚠ </span>
          {problem.message} {problem.hint}
        </p>
      )}

      {page.facts.length > 0 && (
        <section class="facts-box" aria-labelledby="facts-title">
          <h3 id="facts-title">What this rests on</h3>
          <FactList facts={page.facts} label="What this rests on" id="migration-facts" onOpen={onOpen} />
        </section>
      )}

      <div class="step__nav">
        <button type="button" class="button" onClick={onBack}>
          ← Back
        </button>
        {primary && !locked ? (
          <button type="button" id="migration-continue" class="button button--brand" disabled={busy} onClick={runPrimary}>
            {primary}
          </button>
        ) : (
          <button type="button" id="migration-continue" class="button button--brand" onClick={onNext}>
            Next →
          </button>
        )}
      </div>
    </article>
  );
}

type FormProps = {
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

function Form(props: FormProps) {
  const { form } = props;
  switch (form.type) {
    case "old_app":
      return <OldAppForm {...props} form={form} />;
    case "sign_ins":
      return <SignInsForm {...props} form={form} />;
    case "route":
      return <RouteForm {...props} form={form} />;
    case "key_before":
      return <KeyBeforeForm {...props} form={form} />;
    case "migrated":
      return <MigratedForm {...props} form={form} />;
    case "key_after":
      return <KeyAfterForm {...props} form={form} />;
    case "cleanup":
      return <CleanupForm {...props} form={form} />;
  }
}

type FormOf<T extends MigrationForm["type"]> = Omit<FormProps, "form"> & { form: Extract<MigrationForm, { type: T }> };

/** A problem found before anything is sent: shown like the core's own refusals. */
const missing = (message: string, hint: string): UiError => ({ code: "InvalidInput", message, hint, fields: [] });

/** Names the page's primary button; it always acts on what the form holds now. */
function usePrimary(register: Register, label: string, act: Act) {
  const latest = useRef(act);
  latest.current = act;
  useEffect(() => register(label, () => latest.current()), [label]);
}

function PracticeFill({ id, label, onFill }: { id: string; label: string; onFill: () => void }) {
  return (
    <button type="button" id={id} class="button" onClick={onFill}>
      {label}
    </button>
  );
}

function OldAppForm({ form, view, edit, practiceApp, advance, register }: FormOf<"old_app">) {
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

function SignInsForm({ form, view, edit, practiceApp, advance, register }: FormOf<"sign_ins">) {
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

function RouteForm({ form, routes, id, change, advance, register, onOpen }: FormOf<"route"> & { routes: RouteOption[] }) {
  const [route, setRoute] = useState<Route | null>(form.chosen ?? null);
  const unchanged = route !== null && route === form.chosen;
  usePrimary(register, unchanged ? "Next →" : "Choose this route and continue →", async () => {
    if (unchanged) return advance();
    if (route === null) return missing("Choose one of the routes offered.", "Each says why it is or is not possible for your app.");
    return change(() => api.chooseRoute(id, route), true);
  });
  return (
    <fieldset class="migration-form routes">
      <legend>How to move the integration</legend>
      {routes.map((option) => {
        const reasons = `route-${option.route}-reasons`;
        return (
          <div
            class={`route${option.offered ? "" : " route--refused"}${route === option.route ? " route--chosen" : ""}`}
            key={option.route}
            data-route={option.route}
            data-offered={option.offered}
          >
            <label class="check route__choice">
              <input
                type="radio"
                name="route"
                id={`route-${option.route}`}
                checked={route === option.route}
                disabled={!option.offered}
                aria-describedby={reasons}
                onChange={() => setRoute(option.route)}
              />
              <strong>{option.label}</strong>
              {!option.offered && <span class="badge badge--locked">Not possible for this app</span>}
            </label>
            <FactList
              facts={option.reasons}
              label={option.offered ? `Why: ${option.label}` : `Why not: ${option.label}`}
              id={reasons}
              onOpen={onOpen}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

const CHECK_DELAY_MS = 200;

/** A Consumer Key input that behaves like the credentials form's: checked as it is pasted (the
 *  same paste checks), kept only in this form's memory until it is sent. */
function KeyField({ id, label, value, onInput }: { id: string; label: string; value: string; onInput: (v: string) => void }) {
  const [issues, setIssues] = useState<PasteIssue[]>([]);
  const timer = useRef<number>();
  useEffect(() => {
    window.clearTimeout(timer.current);
    if (!value) return setIssues([]);
    timer.current = window.setTimeout(async () => {
      const check = await api.checkPaste(value, "");
      setIssues(check.report.issues.filter((issue) => issue.field === "consumer_key"));
    }, CHECK_DELAY_MS);
  }, [value]);
  const invalid = issues.some((i) => i.severity === "error");
  return (
    <div class={`form-field${invalid ? " form-field--invalid" : ""}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={`${id}-help ${id}-issues`}
        aria-invalid={invalid ? "true" : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <p class="form-field__help" id={`${id}-help`}>
        Starts with 3MVG and is about 85 characters long. Only its first and last four characters and a fingerprint
        are kept, never the key.
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

function KeyBeforeForm({ form, view, id, change, practiceApp, advance, register }: FormOf<"key_before">) {
  const [key, setKey] = useState("");
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
      <KeyField id="key-before" label="Consumer Key (before migrating)" value={key} onInput={setKey} />
      {view.setup.practice && (
        <PracticeFill id="fill-practice-key-before" label="Fill in the practice connected app's Consumer Key" onFill={fill} />
      )}
    </fieldset>
  );
}

function MigratedForm({ form, view, id, change, advance, register }: FormOf<"migrated">) {
  usePrimary(register, form.at ? "Next →" : "Done, next →", () =>
    form.at ? advance() : change(() => api.recordMigrated(id, true), true),
  );
  return (
    <div class="migration-form">
      <button
        type="button"
        id="migrated-done"
        class={`button ${form.at ? "button--done" : ""}`}
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

const KEY_CHECK_WORDS: Record<KeyCheck, string> = {
  same: "✓ Same key",
  changed: "✗ The key changed",
  no_key_before: "? No key was recorded before the migration",
};

function KeyAfterForm({ form, view, id, change, advance, register, onError }: FormOf<"key_after">) {
  const [key, setKey] = useState("");
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
      <KeyField id="key-after" label="Consumer Key (after migrating)" value={key} onInput={setKey} />
      {view.setup.practice && (
        <PracticeFill id="fill-practice-key-after" label="Fill in the practice External Client App's Consumer Key" onFill={fill} />
      )}
    </fieldset>
  );
}

function CleanupForm({ form, edit, onError }: FormOf<"cleanup">) {
  const mark = async (step: CleanupStep, done: boolean) => {
    const refused = await edit({ kind: "cleanup", step, done }, false);
    if (refused) onError(refused);
  };
  const action = form.old_app?.action;
  return (
    <fieldset class="migration-form checks" aria-describedby="cleanup-help">
      <legend>What you have done</legend>
      <p class="form-field__help" id="cleanup-help">
        Revoke the tokens, then either block or delete the old app: marking one of those two unmarks the other.
      </p>
      <label class="check">
        <input
          type="checkbox"
          id="cleanup-revoke_tokens"
          checked={Boolean(form.tokens_revoked_at)}
          onChange={(e) => void mark("revoke_tokens", e.currentTarget.checked)}
        />
        <span>
          I revoked the old app's tokens
          {form.tokens_revoked_at && <span class="muted"> ({when(form.tokens_revoked_at)})</span>}
        </span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="cleanup-block_old_app"
          checked={action === "blocked"}
          onChange={(e) => void mark("block_old_app", e.currentTarget.checked)}
        />
        <span>
          I blocked the old app
          {action === "blocked" && form.old_app && <span class="muted"> ({when(form.old_app.at)})</span>}
        </span>
      </label>
      <label class="check">
        <input
          type="checkbox"
          id="cleanup-delete_old_app"
          checked={action === "deleted"}
          onChange={(e) => void mark("delete_old_app", e.currentTarget.checked)}
        />
        <span>
          I deleted the old app
          {action === "deleted" && form.old_app && <span class="muted"> ({when(form.old_app.at)})</span>}
        </span>
      </label>
    </fieldset>
  );
}

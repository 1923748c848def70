import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../../api";
import type { MigrationEdit } from "../../bindings/MigrationEdit";
import type { MigrationPage } from "../../bindings/MigrationPage";
import type { PracticeConnectedApp } from "../../bindings/PracticeConnectedApp";
import type { Screen } from "../../bindings/Screen";
import type { SetupView } from "../../bindings/SetupView";
import type { UiError } from "../../bindings/UiError";
import { titleOf } from "../../screens";
import { FactList } from "../FactList";
import { StepNav } from "../StepNav";
import { WhereInSetup } from "../WhereInSetup";
import { CleanupForm } from "./CleanupForm";
import { ConnectedAppForm } from "./ConnectedAppForm";
import type { Act, FormProps, Register } from "./forms";
import { KeyBeforeForm } from "./KeyBeforeForm";
import { KeyCompareForm } from "./KeyCompareForm";
import { MigrateForm } from "./MigrateForm";
import { RouteChoice } from "./RouteChoice";
import { SignInsForm } from "./SignInsForm";

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
        {entry?.state === "done" && <span class="slds-badge badge badge--done">✓ Done</span>}
        {entry?.state === "locked" && <span class="slds-badge badge badge--locked">Locked</span>}
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
          <button type="button" id="go-verify" class="slds-button slds-button_neutral button" onClick={() => onGo("verify")}>
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

      {primary && !locked ? (
        <StepNav onBack={onBack} nextId="migration-continue" nextLabel={primary} nextDisabled={busy} onNext={runPrimary} />
      ) : (
        <StepNav onBack={onBack} nextId="migration-continue" onNext={onNext} />
      )}
    </article>
  );
}

/** The form the page's screen records, with what every form is given. */
function Form(props: FormProps) {
  const { form } = props;
  switch (form.type) {
    case "old_app":
      return <ConnectedAppForm {...props} form={form} />;
    case "sign_ins":
      return <SignInsForm {...props} form={form} />;
    case "route":
      return <RouteChoice {...props} form={form} />;
    case "key_before":
      return <KeyBeforeForm {...props} form={form} />;
    case "migrated":
      return <MigrateForm {...props} form={form} />;
    case "key_after":
      return <KeyCompareForm {...props} form={form} />;
    case "cleanup":
      return <CleanupForm {...props} form={form} />;
  }
}

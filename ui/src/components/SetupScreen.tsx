import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { Connection } from "../bindings/Connection";
import type { Profile } from "../bindings/Profile";
import type { Screen } from "../bindings/Screen";
import type { SetupEdit } from "../bindings/SetupEdit";
import type { SetupView } from "../bindings/SetupView";
import type { Vocabulary } from "../bindings/Vocabulary";
import { CredentialForm } from "./CredentialForm";
import { FinishedScreen } from "./FinishedScreen";
import { MigrationStep } from "./migration/MigrationStep";
import { OrgAndAppForm } from "./OrgAndAppForm";
import { PartnerScreen } from "./PartnerScreen";
import { SalesforceStep } from "./SalesforceStep";
import { around } from "../screens";
import { SetupProgressBar } from "./SetupProgressBar";
import { StepList } from "./StepList";
import { VerifyScreen } from "./VerifyScreen";

type Props = {
  initial: SetupView;
  profile: Profile;
  vocabulary: Vocabulary;
  onHome: () => void;
  /** Another setup to show instead (a move the org's inventory started). */
  onOpenSetup: (view: SetupView) => void;
  onError: (err: unknown) => void;
};

/** One setup: the list of steps on the left, the current screen on the right. */
export function SetupScreen({ initial, profile, vocabulary, onHome, onError, onOpenSetup }: Props) {
  const [view, setView] = useState(initial);
  // Edits are sent one after another so the last thing typed is the last thing saved.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);

  const edit = (change: SetupEdit): Promise<SetupView | null> => {
    const mine = ++pending.current;
    const sent = queue.current.then(async () => {
      try {
        const next = await api.editSetup(initial.setup.id, change);
        if (mine === pending.current) setView(next);
        return next;
      } catch (err) {
        onError(err);
        return null;
      }
    });
    queue.current = sent;
    return sent;
  };

  const { setup, checklist } = view;
  // The saved connection, for its masked key; read again on each move, as the credentials
  // screen may just have replaced it.
  const [saved, setSaved] = useState<Connection | null>(null);
  useEffect(() => {
    if (!setup.connection) return setSaved(null);
    api
      .connections()
      .then((list) => setSaved(list.connections.find((c) => c.name === setup.connection) ?? null))
      .catch(onError);
  }, [setup.connection, setup.current_step]);

  // The order is the core's: back and next are the neighbours in view.screens.
  const { previous, next } = around(view);
  const goTo = (step: Screen | null) => (step ? edit({ kind: "go_to", step }) : Promise.resolve(null));
  const back = () => void goTo(previous);
  const forward = () => void goTo(next);
  const org = view.org_label;
  const open = (url: string) => void api.openLink(setup.id, url).catch(onError);
  // A move from a connected app: its own screens' pages, and what its other screens add.
  const migration = view.migration;
  const page = migration?.pages.find((p) => p.screen === setup.current_step);
  const lockReasons = Object.fromEntries(
    (migration?.pages ?? []).filter((p) => p.warnings.length > 0).map((p) => [p.screen, p.warnings[0]]),
  );
  const reviewed = (screen: Screen) => view.screens.find((entry) => entry.screen === screen)?.review ?? false;

  return (
    <div class="setup">
      <div class="setup__header">
        <button type="button" class="slds-button button button--quiet" onClick={onHome}>
          ← All setups
        </button>
        <div class="setup__title">
          <h1 class="setup__profile">
            {profile.name}
            {setup.practice && (
              <span class="slds-badge badge badge--practice" title="The practice org on this computer">
                Practice mode
              </span>
            )}
          </h1>
          <span class="setup__org" data-host={checklist.org?.host ?? ""}>
            {org}
          </span>
        </div>
        <SetupProgressBar progress={view.progress} />
      </div>
      <div class="setup__body">
        <StepList screens={view.screens} current={setup.current_step} lockReasons={lockReasons} onGo={goTo} />
        <div class="setup__content">
          {setup.current_step === "inputs" && (
            <OrgAndAppForm view={view} profile={profile} vocabulary={vocabulary} edit={edit} onNext={forward} />
          )}
          {setup.current_step === "credentials" && (
            <CredentialForm
              view={view}
              profile={profile}
              reveal={checklist.steps.find((step) => step.id === "consumer-key-secret")}
              onOpen={open}
              onSaved={(updated) => {
                setView(updated);
                void goTo(around(updated).next);
              }}
              onBack={back}
              onError={onError}
            />
          )}
          {setup.current_step === "verify" && (
            <VerifyScreen
              view={view}
              onGo={goTo}
              onBack={back}
              onNext={forward}
              onError={onError}
              onOpenSetup={onOpenSetup}
              onVerified={() => void goTo("verify")}
            />
          )}
          {setup.current_step === "partner" && view.partner && (
            <PartnerScreen
              sheet={view.partner}
              view={view}
              profile={profile}
              connection={setup.connection ? { name: setup.connection, maskedKey: saved?.consumer_key_masked ?? null } : null}
              lead={migration?.partner ?? []}
              edit={edit}
              onGo={goTo}
              onBack={back}
              onNext={forward}
              onError={onError}
            />
          )}
          {setup.current_step === "finished" && <FinishedScreen view={view} onGo={goTo} onHome={onHome} onError={onError} />}
          {page && (
            <MigrationStep
              key={page.screen}
              view={view}
              page={page}
              onSaved={(updated, advance) => {
                setView(updated);
                if (advance) void goTo(around(updated).next);
              }}
              onGo={goTo}
              onBack={back}
              onNext={forward}
              onOpen={open}
              onError={onError}
            />
          )}
          {checklist.steps.map(
            (step, i) =>
              step.id === setup.current_step && (
                <SalesforceStep
                  key={step.id}
                  step={step}
                  number={i + 1}
                  total={checklist.steps.length}
                  profile={profile}
                  done={Boolean(setup.done[step.id])}
                  review={reviewed(step.id) ? migration?.review : undefined}
                  onMark={(isDone) => edit({ kind: "mark", step: step.id, done: isDone })}
                  onBack={back}
                  onNext={forward}
                  onOpen={open}
                />
              ),
          )}
        </div>
      </div>
    </div>
  );
}

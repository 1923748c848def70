import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { Connection } from "../bindings/Connection";
import type { Profile } from "../bindings/Profile";
import type { SetupEdit } from "../bindings/SetupEdit";
import type { SetupView } from "../bindings/SetupView";
import type { Vocabulary } from "../bindings/Vocabulary";
import { CredentialForm } from "./CredentialForm";
import { FinishedScreen } from "./FinishedScreen";
import { OrgAndAppForm } from "./OrgAndAppForm";
import { PartnerScreen } from "./PartnerScreen";
import { SalesforceStep } from "./SalesforceStep";
import { StepList } from "./StepList";
import { VerifyScreen } from "./VerifyScreen";

export const INPUTS = "inputs";
export const CREDENTIALS = "credentials";
export const VERIFY = "verify";
export const PARTNER = "partner";
export const FINISHED = "finished";

type Props = {
  initial: SetupView;
  profile: Profile;
  vocabulary: Vocabulary;
  onHome: () => void;
  onError: (err: unknown) => void;
};

/** One setup: the list of steps on the left, the current screen on the right. */
export function SetupScreen({ initial, profile, vocabulary, onHome, onError }: Props) {
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
  // The saved connection, for its masked key and whether it passed a verification; read again
  // on each move, as the verify screen may just have passed.
  const [saved, setSaved] = useState<Connection | null>(null);
  useEffect(() => {
    if (!setup.connection) return setSaved(null);
    api
      .connections()
      .then((list) => setSaved(list.connections.find((c) => c.name === setup.connection) ?? null))
      .catch(onError);
  }, [setup.connection, setup.current_step]);

  const order = [
    INPUTS,
    ...checklist.steps.map((s) => s.id),
    CREDENTIALS,
    VERIFY,
    ...(view.partner ? [PARTNER] : []),
    FINISHED,
  ];
  const position = Math.max(0, order.indexOf(setup.current_step));
  const goTo = (step: string) => edit({ kind: "go_to", step });
  const done = checklist.steps.filter((s) => setup.done[s.id]).length;
  const org = checklist.org?.host ?? "no org yet";

  return (
    <div class="setup">
      <div class="setup__header">
        <button type="button" class="button button--quiet" onClick={onHome}>
          ← All setups
        </button>
        <div class="setup__title">
          <h1 class="setup__profile">
            {profile.name}
            {setup.practice && (
              <span class="badge badge--practice" title="A pretend org on this computer">
                Practice mode
              </span>
            )}
          </h1>
          <span class="setup__org">{org}</span>
        </div>
        <div class="setup__progress">
          <progress max={checklist.steps.length} value={done} aria-labelledby="progress-text" />
          <span id="progress-text">
            {done} of {checklist.steps.length} steps done
          </span>
        </div>
      </div>
      <div class="setup__body">
        <StepList
          steps={checklist.steps}
          done={setup.done}
          current={setup.current_step}
          hasIssues={view.issues.length > 0}
          hasConnection={Boolean(setup.connection)}
          verified={Boolean(saved?.last_verified_at)}
          partner={view.partner?.place ?? null}
          onGo={goTo}
        />
        <div class="setup__content">
          {setup.current_step === INPUTS && (
            <OrgAndAppForm
              view={view}
              profile={profile}
              vocabulary={vocabulary}
              edit={edit}
              onNext={() => goTo(order[1])}
            />
          )}
          {setup.current_step === CREDENTIALS && (
            <CredentialForm
              view={view}
              profile={profile}
              onSaved={(next) => {
                setView(next);
                void goTo(VERIFY);
              }}
              onBack={() => goTo(order[position - 1])}
              onError={onError}
            />
          )}
          {setup.current_step === VERIFY && (
            <VerifyScreen
              view={view}
              onGo={goTo}
              onBack={() => goTo(CREDENTIALS)}
              onNext={() => goTo(order[position + 1])}
              onError={onError}
            />
          )}
          {setup.current_step === PARTNER && view.partner && (
            <PartnerScreen
              sheet={view.partner}
              view={view}
              profile={profile}
              connection={setup.connection ? { name: setup.connection, maskedKey: saved?.consumer_key_masked ?? null } : null}
              edit={edit}
              onGo={goTo}
              onBack={() => goTo(VERIFY)}
              onNext={() => goTo(FINISHED)}
              onError={onError}
            />
          )}
          {setup.current_step === FINISHED && <FinishedScreen view={view} onGo={goTo} onHome={onHome} onError={onError} />}
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
                  onMark={(isDone) => edit({ kind: "mark", step: step.id, done: isDone })}
                  onBack={() => goTo(order[position - 1])}
                  onNext={() => goTo(order[position + 1])}
                  onOpen={(url) => api.openLink(url).catch(onError)}
                />
              ),
          )}
        </div>
      </div>
    </div>
  );
}

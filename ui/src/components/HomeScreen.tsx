import { useEffect, useRef, useState } from "preact/hooks";
import type { Home } from "../bindings/Home";
import type { SetupSummary } from "../bindings/SetupSummary";
import { ConfirmDialog } from "./ConfirmDialog";

type Props = {
  home: Home;
  profileName: (id: string) => string;
  /** Opens the integration picker: for practice or not, a new app or a move from a connected app. */
  onStart: (practice: boolean, migration: boolean) => void;
  onConnections: () => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
};

export function HomeScreen({ home, onStart, onConnections, onOpen, onDelete }: Props) {
  const [deleting, setDeleting] = useState<SetupSummary | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section class="home" aria-labelledby="home-title">
      <div class="home__intro">
        <h1 id="home-title" tabIndex={-1} ref={heading}>
          Set up a Salesforce External Client App
        </h1>
        <p>
          A partner asked you to create an External Client App in Salesforce. This assistant shows you every
          Setup screen with the exact values to enter, one screen at a time, and remembers where you are.
        </p>
        <div class="home__actions">
          <button
            type="button"
            id="start-setup"
            class="button button--brand button--large"
            onClick={() => onStart(false, false)}
          >
            Start a new setup
          </button>
          <button type="button" id="start-migration" class="button button--large" onClick={() => onStart(false, true)}>
            I already have a Connected App for this integration
          </button>
          <button type="button" id="start-practice" class="button button--large" onClick={() => onStart(true, false)}>
            Practice with a built-in org
          </button>
          <button type="button" id="open-connections" class="button button--quiet" onClick={onConnections}>
            Saved connections
          </button>
        </div>
        <p class="muted home__practice-note">
          Practice mode runs a pretend Salesforce org on this computer: rehearse every step, paste its key and
          secret, and watch the connection test pass, with nothing real at stake. It can also start with a connected
          app to move, so you can rehearse the move before you make it.
        </p>
      </div>

      <h2 class="section-title">Setups in progress</h2>
      {home.setups.length === 0 ? (
        <p class="muted">None yet. Start one above; your progress is saved after every change.</p>
      ) : (
        <ul class="setup-list">
          {home.setups.map((setup) => (
            <li class="setup-card" key={setup.id}>
              <div class="setup-card__main">
                <span class="setup-card__title">
                  {setup.profile_name}
                  {setup.practice && <span class="badge badge--practice">Practice</span>}
                  {setup.migration && <span class="badge">Moving from a connected app</span>}
                </span>
                <span class="setup-card__org">{setup.org || "No org entered yet"}</span>
                <span class="setup-card__meta">
                  {setup.steps_done} of {setup.steps_total} steps done · now at “{setup.current}” · saved{" "}
                  {new Date(setup.updated_at).toLocaleString()}
                </span>
                <progress
                  max={setup.steps_total}
                  value={setup.steps_done}
                  aria-label={`${setup.steps_done} of ${setup.steps_total} steps done`}
                />
              </div>
              <div class="setup-card__actions">
                <button type="button" class="button button--brand" onClick={() => onOpen(setup.id)}>
                  Resume<span class="visually-hidden"> {setup.profile_name} {setup.org}</span>
                </button>
                <button type="button" class="button button--danger-quiet" onClick={() => setDeleting(setup)}>
                  Delete<span class="visually-hidden"> {setup.profile_name} {setup.org}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete this setup?"
          confirmLabel="Delete setup"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleting(null);
            onDelete(deleting.id);
          }}
        >
          The {deleting.profile_name} setup{deleting.org ? ` for ${deleting.org}` : ""} and its progress will be
          removed from this computer. The External Client App in Salesforce is not touched.
        </ConfirmDialog>
      )}
    </section>
  );
}

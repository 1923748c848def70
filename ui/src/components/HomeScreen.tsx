import { useEffect, useRef, useState } from "preact/hooks";
import type { Home } from "../bindings/Home";
import type { SetupSummary } from "../bindings/SetupSummary";
import { ConfirmDialog } from "./ConfirmDialog";
import { when } from "../dates";

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
  // Completed means every part, the partner included (the core's progress model).
  const completed = home.setups.filter((setup) => setup.progress?.complete);
  const inProgress = home.setups.filter((setup) => !setup.progress?.complete);

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
            class="slds-button slds-button_brand button button--brand button--large"
            onClick={() => onStart(false, false)}
          >
            Start a new setup
          </button>
          <button type="button" id="start-migration" class="slds-button slds-button_neutral button button--large" onClick={() => onStart(false, true)}>
            I already have a connected app for this integration
          </button>
          <button type="button" id="start-practice" class="slds-button slds-button_neutral button button--large" onClick={() => onStart(true, false)}>
            Practice on this computer
          </button>
          <button type="button" id="open-connections" class="slds-button button button--quiet" onClick={onConnections}>
            Saved connections
          </button>
        </div>
        <p class="muted home__practice-note">
          Practice mode runs a practice org on this computer, a stand-in for Salesforce: rehearse every step, paste its key and
          secret, and watch the connection test pass, with nothing real at stake. It can also start with a connected
          app to move, so you can rehearse the move before you make it.
        </p>
      </div>

      <SetupGroup
        title="In progress"
        id="in-progress"
        setups={inProgress}
        empty="None yet. Start one above; your progress is saved after every change."
        onOpen={onOpen}
        onDelete={setDeleting}
      />
      {completed.length > 0 && (
        <SetupGroup title="Completed" id="completed" setups={completed} empty="" onOpen={onOpen} onDelete={setDeleting} />
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

/** One list of saved setups, each with its progress as the core counts it. */
function SetupGroup({
  title,
  id,
  setups,
  empty,
  onOpen,
  onDelete,
}: {
  title: string;
  id: string;
  setups: SetupSummary[];
  empty: string;
  onOpen: (id: string) => void;
  onDelete: (setup: SetupSummary) => void;
}) {
  return (
    <>
      <h2 class="section-title" id={`${id}-title`}>
        {title}
      </h2>
      {setups.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="setup-list" aria-labelledby={`${id}-title`} id={id}>
          {setups.map((setup) => (
            <li class="setup-card" key={setup.id} data-complete={setup.progress?.complete ? "true" : "false"}>
              <div class="setup-card__main">
                <span class="setup-card__title">
                  {setup.profile_name}
                  {setup.practice && <span class="slds-badge badge badge--practice">Practice</span>}
                  {setup.migration && <span class="slds-badge badge">Moving from a connected app</span>}
                </span>
                <span class="setup-card__org" data-host={setup.org}>
                  {setup.org_label}
                </span>
                <span class="setup-card__meta">
                  {setup.progress?.summary ?? "Progress unknown"}
                  {!setup.progress?.complete && ` · now at “${setup.current}”`} · saved {when(setup.updated_at)}
                </span>
                {setup.progress && (
                  <progress class="slds-progress-bar" max={setup.progress.total} value={setup.progress.done} aria-label={setup.progress.summary} />
                )}
              </div>
              <div class="setup-card__actions">
                <button type="button" class="slds-button slds-button_brand button button--brand" onClick={() => onOpen(setup.id)}>
                  {setup.progress?.complete ? "Open" : "Resume"}
                  <span class="visually-hidden">
                    {" "}
                    {setup.profile_name} {setup.org}
                  </span>
                </button>
                <button type="button" class="slds-button slds-button_text-destructive button button--danger-quiet" onClick={() => onDelete(setup)}>
                  Delete<span class="visually-hidden"> {setup.profile_name} {setup.org}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

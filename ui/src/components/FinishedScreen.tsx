import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { Format } from "../bindings/Format";
import type { Screen } from "../bindings/Screen";
import type { SetupView } from "../bindings/SetupView";

type Props = { view: SetupView; onGo: (screen: Screen) => void; onHome: () => void; onError: (err: unknown) => void };

const FORMATS: Array<[Format, string]> = [
  ["pdf", "PDF"],
  ["html", "HTML"],
  ["markdown", "Markdown"],
  ["json", "JSON"],
];

/** The end of the checklist: what is done, when, and what is still open. */
export function FinishedScreen({ view, onGo, onHome, onError }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (write: () => Promise<string | null>) => {
    try {
      const path = await write();
      if (path) setSaved(path);
    } catch (err) {
      onError(err);
    }
  };
  useEffect(() => heading.current?.focus(), []);
  const { steps } = view.checklist;
  const open = steps.filter((s) => !view.setup.done[s.id]);
  // A move from a connected app lists its own screens too; until a route is chosen the
  // checklist is not part of it.
  const migration = view.migration;
  const moving = migration ? view.screens.filter((e) => migration.pages.some((p) => p.screen === e.screen)) : [];
  const checklistShown = !migration || migration.route != null;

  return (
    <section aria-labelledby="finished-title">
      <h2 id="finished-title" tabIndex={-1} ref={heading}>
        {!checklistShown
          ? "No route chosen yet"
          : open.length === 0
            ? "Every step is done"
            : `${open.length} of ${steps.length} steps still open`}
      </h2>
      <p class="muted">
        {!checklistShown
          ? "Record what you found and choose how to move; the steps of that route follow."
          : open.length === 0
            ? "The External Client App is set up as the guide asks. Keep the Consumer Key and Secret for the partner's form."
            : "Open a step below to finish it; your progress is saved."}
      </p>
      {moving.length > 0 && (
        <>
          <h3 id="moving-title">Moving from the connected app</h3>
          <ol class="summary" aria-labelledby="moving-title" id="migration-summary">
            {moving.map((entry) => (
              <li key={entry.screen} class={entry.state === "done" ? "summary__done" : "summary__open"} data-summary={entry.screen}>
                {entry.state === "locked" ? (
                  <span class="summary__title">{entry.title}</span>
                ) : (
                  <button type="button" class="button button--link" onClick={() => onGo(entry.screen)}>
                    {entry.title}
                  </button>
                )}
                <span>{entry.state === "done" ? "✓ done" : entry.state === "locked" ? "locked" : "not done yet"}</span>
              </li>
            ))}
          </ol>
          {checklistShown && <h3 id="steps-title">In Salesforce Setup</h3>}
        </>
      )}
      {checklistShown && (
        <ol class="summary">
          {steps.map((step) => {
            const at = view.setup.done[step.id];
            return (
              <li key={step.id} class={at ? "summary__done" : "summary__open"}>
                <button type="button" class="button button--link" onClick={() => onGo(step.id)}>
                  {step.title}
                </button>
                <span>{at ? `✓ done ${new Date(at).toLocaleString()}` : "not done yet"}</span>
              </li>
            );
          })}
        </ol>
      )}
      <section class="report-export" aria-labelledby="report-title">
        <h3 id="report-title">Setup report for the ticket</h3>
        <p class="muted">
          Every step with its values and when it was done, and the connection test's result. The Consumer Key is
          shown only by its ends; the secret and tokens are never in it.
        </p>
        <div class="report-export__buttons">
          {FORMATS.map(([format, label]) => (
            <button type="button" class="button" data-export={format} key={format} onClick={() => save(() => api.exportReport(view.setup.id, format))}>
              Save as {label}
            </button>
          ))}
        </div>
        <h3 id="metadata-title">For teams that deploy from source</h3>
        <p class="muted">
          The External Client App as a Salesforce DX source folder, ready for <kbd>sf project deploy</kbd>, with its
          callback URLs, flows and security settings and never a key or secret (Salesforce makes new ones). Its README
          says which org setting the deploy needs and what to set by hand afterwards.
        </p>
        <button type="button" class="button" id="export-metadata" onClick={() => save(() => api.exportMetadata(view.setup.id))}>
          Export metadata folder…
        </button>
        <p role="status" id="report-saved">
          {saved && `Saved to ${saved}`}
        </p>
      </section>
      <button type="button" class="button button--brand" onClick={onHome}>
        Back to all setups
      </button>
    </section>
  );
}

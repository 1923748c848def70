import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { Format } from "../bindings/Format";
import type { Screen } from "../bindings/Screen";
import type { SetupView } from "../bindings/SetupView";
import { when } from "../dates";

type Props = { view: SetupView; onGo: (screen: Screen) => void; onHome: () => void; onError: (err: unknown) => void };

/** The report's other formats, under Advanced; the PDF is the main button. */
const FORMATS: Array<[Format, string]> = [
  ["html", "HTML"],
  ["markdown", "Markdown"],
  ["json", "JSON"],
];

/** The end: every part of the setup with whether it is done, from the core's one progress
 *  model; "done" only when the partner's connection can work. */
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
  const { progress } = view;
  // A move from a connected app lists its own screens too; until a route is chosen the
  // checklist is not part of it.
  const migration = view.migration;
  // The cleanup is a part of its own in the list above.
  const moving = migration
    ? view.screens.filter((e) => e.screen !== "cleanup" && migration.pages.some((p) => p.screen === e.screen))
    : [];
  const checklistShown = !migration || migration.route != null;
  const open = progress.total - progress.done;

  return (
    <section aria-labelledby="finished-title">
      <h2 id="finished-title" tabIndex={-1} ref={heading}>
        {progress.complete ? "Everything is done" : `${open} of ${progress.total} parts still open`}
      </h2>
      <p class="muted">
        {progress.complete
          ? "The app is set up, its key and secret are saved and verified, and the partner has them."
          : "Open a part below to finish it; your progress is saved."}
      </p>
      <ol class="summary" aria-label="Parts of this setup" id="progress-summary">
        {progress.phases.map((phase) => (
          <li key={phase.phase} class={phase.state === "done" ? "summary__done" : "summary__open"} data-phase={phase.phase}>
            {phase.state === "locked" ? (
              <span class="summary__title">{phase.title}</span>
            ) : (
              <button type="button" class="button button--link" onClick={() => onGo(phase.screen)}>
                {phase.title}
              </button>
            )}
            <span>
              {phase.state === "done"
                ? `✓ done${phase.done_at ? ` ${when(phase.done_at)}` : ""}`
                : phase.state === "locked"
                  ? (phase.locked ?? "not open yet")
                  : phase.total > 1
                    ? `${phase.done} of ${phase.total} steps`
                    : "not done yet"}
            </span>
          </li>
        ))}
      </ol>
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
        </>
      )}
      {checklistShown && <h3 id="steps-title">In Salesforce Setup</h3>}
      {checklistShown && (
        <ol class="summary" aria-labelledby="steps-title">
          {steps.map((step) => {
            const at = view.setup.done[step.id];
            return (
              <li key={step.id} class={at ? "summary__done" : "summary__open"}>
                <button type="button" class="button button--link" onClick={() => onGo(step.id)}>
                  {step.title}
                </button>
                <span>{at ? `✓ done ${when(at)}` : "not done yet"}</span>
              </li>
            );
          })}
        </ol>
      )}
      <section class="report-export" aria-labelledby="report-title">
        <h3 id="report-title">Setup report for the ticket</h3>
        <p class="muted">
          Every part and step with when it was done, the values, and the connection test's result. The Consumer Key is
          shown only by its ends; the secret and tokens are never in it.
        </p>
        <button type="button" class="slds-button slds-button_brand button button--brand" data-export="pdf" onClick={() => save(() => api.exportReport(view.setup.id, "pdf"))}>
          Save report (PDF)
        </button>
        <details class="advanced" id="advanced-exports">
          <summary>Advanced</summary>
          <p class="muted">The same report as a web page, as Markdown, or as JSON for scripts.</p>
          <div class="report-export__buttons">
            {FORMATS.map(([format, label]) => (
              <button type="button" class="slds-button slds-button_neutral button" data-export={format} key={format} onClick={() => save(() => api.exportReport(view.setup.id, format))}>
                Save as {label}
              </button>
            ))}
          </div>
          <h4 id="metadata-title">For teams that deploy from source</h4>
          <p class="muted">
            The External Client App as a Salesforce DX source folder, ready for <kbd>sf project deploy</kbd>, with its
            callback URLs, flows and security settings and never a key or secret (Salesforce makes new ones). Its README
            says which org setting the deploy needs and what to set by hand afterwards.
          </p>
          <button type="button" class="slds-button slds-button_neutral button" id="export-metadata" onClick={() => save(() => api.exportMetadata(view.setup.id))}>
            Export metadata folder…
          </button>
        </details>
        <p role="status" id="report-saved">
          {saved && `Saved to ${saved}`}
        </p>
      </section>
      <button type="button" class="slds-button button button--quiet" onClick={onHome}>
        ← All setups
      </button>
    </section>
  );
}

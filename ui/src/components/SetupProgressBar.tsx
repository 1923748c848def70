import type { SetupProgress } from "../bindings/SetupProgress";

/** The header's bar: parts of the whole setup done, from the core's one progress model, so it is
 *  full only when the partner's connection can work. */
export function SetupProgressBar({ progress }: { progress: SetupProgress }) {
  const next = progress.phases.find((phase) => phase.phase === progress.next);
  return (
    <div class="setup__progress" data-progress={progress.complete ? "complete" : "open"}>
      <progress class="slds-progress-bar" max={progress.total} value={progress.done} aria-labelledby="progress-text" />
      <span id="progress-text">{progress.summary}</span>
      {next && <span class="setup__next">Next: {next.title}</span>}
    </div>
  );
}

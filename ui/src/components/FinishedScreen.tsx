import { useEffect, useRef } from "preact/hooks";
import type { SetupView } from "../bindings/SetupView";

type Props = { view: SetupView; onGo: (step: string) => void; onHome: () => void };

/** The end of the checklist: what is done, when, and what is still open. */
export function FinishedScreen({ view, onGo, onHome }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { steps } = view.checklist;
  const open = steps.filter((s) => !view.setup.done[s.id]);

  return (
    <section aria-labelledby="finished-title">
      <h2 id="finished-title" tabIndex={-1} ref={heading}>
        {open.length === 0 ? "Every step is done" : `${open.length} of ${steps.length} steps still open`}
      </h2>
      <p class="muted">
        {open.length === 0
          ? "The External Client App is set up as the guide asks. Keep the Consumer Key and Secret for the partner's form."
          : "Open a step below to finish it; your progress is saved."}
      </p>
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
      <button type="button" class="button button--brand" onClick={onHome}>
        Back to all setups
      </button>
    </section>
  );
}

import { useEffect, useRef } from "preact/hooks";
import type { Profile } from "../bindings/Profile";
import type { Step } from "../bindings/Step";
import { SetupField } from "./SetupField";

type Props = {
  step: Step;
  number: number;
  total: number;
  profile: Profile;
  done: boolean;
  onMark: (done: boolean) => void;
  onBack: () => void;
  onNext: () => void;
  onOpen: (url: string) => void;
};

/** One Salesforce Setup screen, drawn the way Setup draws it, with the values filled in. */
export function SalesforceStep({ step, number, total, profile, done, onMark, onBack, onNext, onOpen }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step.id]);

  return (
    <article class="step" aria-labelledby="step-title" data-step={step.id}>
      <p class="step__kicker">
        Step {number} of {total}
        {done && <span class="badge badge--done">✓ Done</span>}
      </p>
      <h2 id="step-title" tabIndex={-1} ref={heading}>
        {step.title}
      </h2>
      <ol class="breadcrumb" aria-label="Where this is in Salesforce">
        {step.breadcrumb.map((crumb, i) => (
          <li key={i}>{crumb}</li>
        ))}
      </ol>

      <div class="step__open">
        {step.link ? (
          <>
            <button type="button" id="open-in-salesforce" class="button" onClick={() => onOpen(step.link!)}>
              Open in Salesforce ↗
            </button>
            <span class="muted step__fallback">
              If the page does not open, type <kbd>{step.quick_find}</kbd> in Setup's Quick Find box.
            </span>
          </>
        ) : (
          <span class="muted">
            In Setup, type <kbd>{step.quick_find}</kbd> in the Quick Find box.
          </span>
        )}
      </div>

      {step.warnings.map((warning, i) => (
        <p class="callout callout--warning" key={i}>
          <strong>Note: </strong>
          {warning}
        </p>
      ))}

      {step.instructions.length > 0 && (
        <ol class="instructions">
          {step.instructions.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}

      {step.sections.length > 0 && (
        <div class="sf-page" aria-label="The Salesforce screen, filled in">
          {step.sections.map((section) => (
            <section class="sf-section" key={section.heading} aria-label={section.heading}>
              <h3 class="sf-section__title">{section.heading}</h3>
              <div class="sf-section__body">
                {section.fields.map((field) => (
                  <SetupField field={field} profile={profile} key={field.id} />
                ))}
              </div>
            </section>
          ))}
        </div>
      )}

      {step.finish.map((line, i) => (
        <p class="step__finish" key={i}>
          <span aria-hidden="true">➜ </span>
          {line}
        </p>
      ))}

      <div class="step__nav">
        <button type="button" class="button" onClick={onBack}>
          ← Back
        </button>
        <button
          type="button"
          id="mark-done"
          class={`button ${done ? "button--done" : ""}`}
          aria-pressed={done}
          onClick={() => onMark(!done)}
        >
          {done ? "✓ Marked done" : "Mark done"}
        </button>
        <button
          type="button"
          id="next-step"
          class="button button--brand"
          onClick={() => {
            if (!done) onMark(true);
            onNext();
          }}
        >
          {done ? "Next →" : "Done, next →"}
        </button>
      </div>
    </article>
  );
}

import { useEffect, useRef } from "preact/hooks";
import type { Fact } from "../bindings/Fact";
import type { Profile } from "../bindings/Profile";
import type { Step } from "../bindings/Step";
import { FactList } from "./FactList";
import { mainGuide, SetupField } from "./SetupField";
import { StepNav } from "./StepNav";
import { WhereInSetup } from "./WhereInSetup";

type Props = {
  step: Step;
  number: number;
  total: number;
  profile: Profile;
  done: boolean;
  /** Set when the step reviews what an in-place migration produced: what the review rests on. */
  review?: Fact[];
  onMark: (done: boolean) => void;
  onBack: () => void;
  onNext: () => void;
  onOpen: (url: string) => void;
};

/** One Salesforce Setup screen, drawn the way Setup draws it, with the values filled in. */
export function SalesforceStep({ step, number, total, profile, done, review, onMark, onBack, onNext, onOpen }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step.id]);

  return (
    <article class="step" aria-labelledby="step-title" data-step={step.id}>
      <p class="step__kicker">
        {review ? `Review ${number} of ${total}: check the migrated app` : `Step ${number} of ${total}`}
        {done && <span class="slds-badge badge badge--done">✓ Done</span>}
      </p>
      <h2 id="step-title" tabIndex={-1} ref={heading}>
        {step.title}
      </h2>
      <WhereInSetup breadcrumb={step.breadcrumb} link={step.link} quickFind={step.quick_find} onOpen={onOpen} />

      {review && (
        <div class="callout callout--info review-note">
          <FactList facts={review} label="About this review" id="review-facts" onOpen={onOpen} />
        </div>
      )}

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
          {step.sections.map((section) => {
            const guide = mainGuide(section.fields, profile);
            return (
              <section class="sf-section" key={section.heading} aria-label={section.heading}>
                <h3 class="sf-section__title">{section.heading}</h3>
                {guide && (
                  <p class="sf-section__guide">
                    Values from {profile.guides.find((g) => g.id === guide)?.title ?? `guide ${guide}`}, unless a row says
                    otherwise.
                  </p>
                )}
                <div class="sf-section__body">
                  {section.fields.map((field) => (
                    <SetupField field={field} profile={profile} sectionGuide={guide} key={field.id} />
                  ))}
                </div>
              </section>
            );
          })}
        </div>
      )}

      {step.finish.length > 0 && (
        <div class="step__final" role="note" aria-label="The last click in Salesforce">
          {step.finish.map((line, i) => (
            <p key={i}>
              <span aria-hidden="true">➜ </span>
              {line}
            </p>
          ))}
        </div>
      )}

      <StepNav
        onBack={onBack}
        nextId="next-step"
        nextLabel={done ? "Next →" : step.click ? `I clicked ${step.click} — next` : review ? "Checked — next" : "Done — next"}
        onNext={() => {
          if (!done) onMark(true);
          onNext();
        }}
      >
        {done ? (
          <button type="button" id="mark-done" class="slds-button button button--quiet" onClick={() => onMark(false)}>
            Mark as not done
          </button>
        ) : (
          <button type="button" id="skip-step" class="slds-button button button--quiet" onClick={onNext}>
            Skip for now
          </button>
        )}
      </StepNav>
    </article>
  );
}

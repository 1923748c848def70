type Props = {
  onBack: () => void;
  /** The id the button that moves on is known by (tests and focus find it by it). */
  nextId: string;
  nextLabel?: string;
  nextDisabled?: boolean;
  /** The screen's own action comes first (a verification to run): moving on is then quiet. */
  nextQuiet?: boolean;
  onNext: () => void;
  /** Buttons between Back and the one that moves on. */
  children?: preact.ComponentChildren;
};

/** The row under a step screen: Back on the left, the button that moves on at the right. */
export function StepNav({ onBack, nextId, nextLabel = "Next →", nextDisabled, nextQuiet, onNext, children }: Props) {
  return (
    <div class="step__nav">
      <button type="button" class="slds-button slds-button_neutral button" onClick={onBack}>
        ← Back
      </button>
      {children}
      <button
        type="button"
        id={nextId}
        class={nextQuiet ? "slds-button slds-button_neutral button" : "slds-button slds-button_brand button button--brand"}
        disabled={nextDisabled}
        onClick={onNext}
      >
        {nextLabel}
      </button>
    </div>
  );
}

/** In practice mode: fills the form with what the practice org's own Setup pages show. */
export function PracticeFill({ id, label, onFill }: { id: string; label: string; onFill: () => void }) {
  return (
    <button type="button" id={id} class="slds-button slds-button_neutral button" onClick={onFill}>
      {label}
    </button>
  );
}

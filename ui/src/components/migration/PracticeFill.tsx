/** In practice mode: fills the form with what the practice org's own Setup pages show. */
export function PracticeFill({ id, label, onFill }: { id: string; label: string; onFill: () => void }) {
  return (
    <button type="button" id={id} class="button" onClick={onFill}>
      {label}
    </button>
  );
}

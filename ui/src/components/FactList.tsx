import type { Fact } from "../bindings/Fact";

type Props = {
  facts: Fact[];
  /** Names the list for screen readers ("What this rests on"). */
  label: string;
  id?: string;
  onOpen: (url: string) => void;
};

/** Sentences a screen relies on: each with its public source behind “Why?”, or marked
 *  “Unconfirmed” when no public source confirms it; the app's own advice has neither. */
export function FactList({ facts, label, id, onOpen }: Props) {
  if (facts.length === 0) return null;
  return (
    <ul class="facts" aria-label={label} id={id}>
      {facts.map((fact, i) => (
        <li key={i} class={`fact${fact.unconfirmed ? " fact--unconfirmed" : ""}`} data-unconfirmed={fact.unconfirmed}>
          {fact.unconfirmed && <span class="slds-badge badge badge--unconfirmed">Unconfirmed</span>}
          <span class="fact__text">{fact.text}</span>
          {fact.source && (
            <details class="fact__why">
              <summary>Why?</summary>
              <span class="fact__source">
                Source:{" "}
                <button type="button" class="button button--link" onClick={() => onOpen(fact.source!.url)}>
                  {fact.source.title}
                  <span class="visually-hidden"> (opens in your browser)</span>
                </button>
              </span>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

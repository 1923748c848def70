import type { Screen } from "../bindings/Screen";
import type { ScreenEntry } from "../bindings/ScreenEntry";

type Props = {
  /** Every screen of the setup, in the core's order, with its title and state. */
  screens: ScreenEntry[];
  current: Screen;
  onGo: (screen: Screen) => void;
};

/** What the round mark shows when an entry is neither done nor needs fixing: a checklist
 *  step's number, otherwise a sign for the kind of screen. */
function sign(entry: ScreenEntry): string {
  if (entry.number != null) return String(entry.number);
  if (entry.screen === "inputs") return "·";
  if (entry.screen === "finished") return "★";
  return "•";
}

/** The setup's table of contents; every entry is a button, the current one is marked. */
export function StepList({ screens, current, onGo }: Props) {
  return (
    <nav class="step-list" aria-label="Setup steps">
      <ol>
        {screens.map((entry) => {
          const here = entry.screen === current;
          const mark = entry.state === "done" ? "done" : entry.state === "needs_fixing" ? "issue" : "todo";
          return (
            <li key={entry.screen}>
              <button
                type="button"
                class={`step-link${here ? " step-link--current" : ""}`}
                aria-current={here ? "step" : undefined}
                data-step-link={entry.screen}
                onClick={() => onGo(entry.screen)}
              >
                <span class={`step-link__mark step-link__mark--${mark}`} aria-hidden="true">
                  {mark === "done" ? "✓" : mark === "issue" ? "!" : sign(entry)}
                </span>
                <span class="step-link__title">{entry.title}</span>
                <span class="visually-hidden">
                  {mark === "done" ? " (done)" : mark === "issue" ? " (needs fixing)" : ""}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

import type { Screen } from "../bindings/Screen";
import type { ScreenEntry } from "../bindings/ScreenEntry";

type Props = {
  /** Every screen of the setup, in the core's order, with its title and state. */
  screens: ScreenEntry[];
  current: Screen;
  /** Why a locked screen is locked, as its page says it. */
  lockReasons?: Partial<Record<Screen, string>>;
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

/** A padlock, drawn: no font on the machine has to carry the sign. */
function Padlock() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2" fill="none" stroke="currentColor" stroke-width="1.8" />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** Consecutive screens under one heading, in the core's order (`ScreenEntry.group`). */
function groups(screens: ScreenEntry[]): Array<{ group: string; entries: ScreenEntry[] }> {
  const out: Array<{ group: string; entries: ScreenEntry[] }> = [];
  for (const entry of screens) {
    const last = out[out.length - 1];
    if (last && last.group === entry.group) last.entries.push(entry);
    else out.push({ group: entry.group, entries: [entry] });
  }
  return out;
}

const STATE_WORDS: Record<string, string> = { done: " (done)", issue: " (needs fixing)", locked: " (locked)", todo: "" };

/** The setup's table of contents; every entry is a button, the current one is marked. A locked
 *  entry cannot be opened and says why. */
export function StepList({ screens, current, lockReasons = {}, onGo }: Props) {
  return (
    <nav class="step-list" aria-label="Setup steps">
      {groups(screens).map(({ group, entries }, index) => (
        <div class="step-list__part" key={`${index}-${group}`}>
          {group && (
            <h2 class="step-list__group" id={`step-group-${index}`}>
              {group}
            </h2>
          )}
          <ol aria-labelledby={group ? `step-group-${index}` : undefined}>
            {entries.map((entry) => {
              const here = entry.screen === current;
              const mark =
                entry.state === "done"
                  ? "done"
                  : entry.state === "needs_fixing"
                    ? "issue"
                    : entry.state === "locked"
                      ? "locked"
                      : "todo";
              const locked = mark === "locked";
              const reason = locked ? lockReasons[entry.screen] : undefined;
              const reasonId = `lock-reason-${entry.screen}`;
              return (
                <li key={entry.screen}>
                  <button
                    type="button"
                    class={`step-link${here ? " step-link--current" : ""}${locked ? " step-link--locked" : ""}`}
                    aria-current={here ? "step" : undefined}
                    aria-disabled={locked ? "true" : undefined}
                    aria-describedby={reason ? reasonId : undefined}
                    data-step-link={entry.screen}
                    data-state={entry.state}
                    onClick={() => {
                      if (!locked) onGo(entry.screen);
                    }}
                  >
                    <span class={`step-link__mark step-link__mark--${mark}`} aria-hidden="true">
                      {mark === "done" ? "✓" : mark === "issue" ? "!" : locked ? <Padlock /> : sign(entry)}
                    </span>
                    <span class="step-link__title">{entry.title}</span>
                    <span class="visually-hidden">{STATE_WORDS[mark]}</span>
                  </button>
                  {reason && (
                    <p class="step-link__reason" id={reasonId}>
                      {reason}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </nav>
  );
}

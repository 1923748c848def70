// The setup's screens as the core lists them: their order, titles and states come from
// `SetupView.screens`; nothing here decides them.
import type { Screen } from "./bindings/Screen";
import type { ScreenEntry } from "./bindings/ScreenEntry";
import type { SetupView } from "./bindings/SetupView";

/** The one title the core gives this screen. */
export function titleOf(view: SetupView, screen: Screen): string {
  return view.screens.find((entry) => entry.screen === screen)?.title ?? screen;
}

/** The screens before and after the current one, in the core's order, passing over a locked
 *  one (which the core does not open). */
export function around(view: SetupView): { previous: Screen | null; next: Screen | null } {
  const here = Math.max(0, view.screens.findIndex((entry) => entry.screen === view.setup.current_step));
  const open = (entry: ScreenEntry | undefined) => entry && entry.state !== "locked";
  const previous = view.screens.slice(0, here).reverse().find(open);
  const next = view.screens.slice(here + 1).find(open);
  return { previous: previous?.screen ?? null, next: next?.screen ?? null };
}

// The setup's screens as the core lists them: their order, titles and states come from
// `SetupView.screens`; nothing here decides them.
import type { Screen } from "./bindings/Screen";
import type { SetupView } from "./bindings/SetupView";

/** The one title the core gives this screen. */
export function titleOf(view: SetupView, screen: Screen): string {
  return view.screens.find((entry) => entry.screen === screen)?.title ?? screen;
}

/** The screens before and after the current one, in the core's order. */
export function around(view: SetupView): { previous: Screen | null; next: Screen | null } {
  const order = view.screens.map((entry) => entry.screen);
  const position = Math.max(0, order.indexOf(view.setup.current_step));
  return { previous: order[position - 1] ?? null, next: order[position + 1] ?? null };
}

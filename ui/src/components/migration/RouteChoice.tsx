import { useState } from "preact/hooks";
import { api } from "../../api";
import type { Route } from "../../bindings/Route";
import { FactList } from "../FactList";
import { missing, usePrimary, type FormOf } from "./forms";

/** "Choose how to move": the routes, each with why it is or is not possible for this app. */
export function RouteChoice({ form, routes, id, change, advance, register, onOpen }: FormOf<"route">) {
  const [route, setRoute] = useState<Route | null>(form.chosen ?? null);
  const unchanged = route !== null && route === form.chosen;
  usePrimary(register, unchanged ? "Next →" : "Choose this route and continue →", async () => {
    if (unchanged) return advance();
    if (route === null) return missing("Choose one of the routes offered.", "Each says why it is or is not possible for your app.");
    return change(() => api.chooseRoute(id, route), true);
  });
  return (
    <fieldset class="migration-form routes">
      <legend>How to move the integration</legend>
      {routes.map((option) => {
        const reasons = `route-${option.route}-reasons`;
        return (
          <div
            class={`route${option.offered ? "" : " route--refused"}${route === option.route ? " route--chosen" : ""}`}
            key={option.route}
            data-route={option.route}
            data-offered={option.offered}
          >
            <label class="check route__choice">
              <input
                type="radio"
                name="route"
                id={`route-${option.route}`}
                checked={route === option.route}
                disabled={!option.offered}
                aria-describedby={reasons}
                onChange={() => setRoute(option.route)}
              />
              <strong>{option.label}</strong>
              {!option.offered && <span class="slds-badge badge badge--locked">Not possible for this app</span>}
            </label>
            <FactList
              facts={option.reasons}
              label={option.offered ? `Why: ${option.label}` : `Why not: ${option.label}`}
              id={reasons}
              onOpen={onOpen}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

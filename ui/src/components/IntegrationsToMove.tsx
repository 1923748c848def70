import { useEffect, useRef } from "preact/hooks";
import type { Inventory } from "../bindings/Inventory";
import type { Route } from "../bindings/Route";
import { day } from "../dates";

const ROUTE: Record<Route, string> = {
  "in-place": "Migrate in place",
  "new-eca": "New External Client App",
  "client-credentials": "Client credentials",
};

type Props = {
  inventory: Inventory;
  busy: boolean;
  onExport: () => void;
  onStartMove: (appName: string) => void;
};

/** Every connected app and External Client App in use, for the 20 February 2027 deadline. */
export function IntegrationsToMove({ inventory, busy, onExport, onStartMove }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [inventory]);
  return (
    <div class="org-inventory" aria-labelledby="inventory-title">
      <h4 id="inventory-title" tabIndex={-1} ref={heading}>
        Before 20 February 2027: integrations to move
      </h4>
      <p class="muted">
        On that day Salesforce turns off username-password sign-ins for connected apps. Sign-ins are counted over the last 30
        days.
      </p>
      {inventory.apps.length === 0 ? (
        <p id="inventory-empty">The org lists no connected app or External Client App in use.</p>
      ) : (
        <table class="connection-table" id="inventory-table">
          <caption class="visually-hidden">Integrations to move</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">In use</th>
              <th scope="col">Users</th>
              <th scope="col">Last use</th>
              <th scope="col">Username-password sign-ins</th>
              <th scope="col">Likely partner</th>
              <th scope="col">Route</th>
              <th scope="col"><span class="visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody>
            {inventory.apps.map((app) => (
              <tr key={app.name} data-app={app.name}>
                <th scope="row">{app.name}</th>
                <td>{app.tokens > 0 || app.sign_ins.length > 0 ? "Yes" : "No"}</td>
                <td>{app.users}</td>
                <td>{app.last_used ? day(app.last_used) : "—"}</td>
                <td data-password-sign-ins={app.username_password_sign_ins}>
                  {app.username_password_sign_ins > 0 ? `⚠ ${app.username_password_sign_ins}` : "None"}
                </td>
                <td>{app.partner?.name ?? "Unknown"}</td>
                <td data-route={app.route ?? ""}>{app.route ? ROUTE[app.route] : "Nothing to move"}</td>
                <td>
                  {app.route && (
                    <button type="button" class="slds-button slds-button_neutral button button--small" disabled={busy} data-start-move={app.name}
                      aria-label={`Start the move of ${app.name}`} onClick={() => onStartMove(app.name)}>
                      Start the move
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inventory.notes.length > 0 && (
        <ul class="instructions" id="inventory-notes">
          {inventory.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <div class="form-actions form-actions--start">
        <button type="button" id="inventory-export" class="slds-button slds-button_neutral button" disabled={busy || inventory.apps.length === 0} onClick={onExport}>
          Export CSV
        </button>
      </div>
    </div>
  );
}

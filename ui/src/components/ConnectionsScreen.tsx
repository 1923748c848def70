import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { Connection } from "../bindings/Connection";
import type { ConnectionList } from "../bindings/ConnectionList";
import { ConfirmDialog } from "./ConfirmDialog";
import { keychain } from "../keychain";
import { when } from "../dates";

type Props = {
  profileName: (id: string) => string;
  onHome: () => void;
  onVerify: (setupId: string) => void;
  onError: (err: unknown) => void;
};

type Editing = { kind: "rename" | "secret" | "delete"; connection: Connection };

/** Every connection kept in the keychain, with what can be done to it. */
export function ConnectionsScreen({ profileName, onHome, onVerify, onError }: Props) {
  const [list, setList] = useState<ConnectionList | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [text, setText] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () => api.connections().then(setList).catch(onError);
  useEffect(() => {
    heading.current?.focus();
    void load();
  }, []);

  const act = async (action: () => Promise<unknown>) => {
    setEditing(null);
    try {
      await action();
    } catch (err) {
      onError(err);
    }
    await load();
  };

  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title" tabIndex={-1} ref={heading}>
        Saved connections
      </h1>
      <p class="muted">
        Each connection's Consumer Key and Consumer Secret are kept in {keychain()}; this list shows the
        key only by its first and last four characters. No token is kept: each verification revokes the tokens it
        obtained when it ends.
      </p>
      {list === null ? (
        <p class="muted">Loading…</p>
      ) : list.connections.length === 0 ? (
        <p class="muted">No saved connections yet. A setup saves one at its “Save the Consumer Key and Secret” step.</p>
      ) : (
        <table class="connection-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Integration and org</th>
              <th scope="col">Last verified</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.connections.map((c) => (
              <tr key={c.name} data-connection={c.name}>
                <td>
                  <strong>{c.name}</strong>
                  {c.practice && <span class="slds-badge badge badge--practice">Practice</span>}
                  <br />
                  <code>{c.consumer_key_masked}</code>
                </td>
                <td>
                  {profileName(c.profile_id)}
                  <br />
                  <code>{c.org_host}</code>
                </td>
                <td>{c.last_verified_at ? when(c.last_verified_at) : "Not yet"}</td>
                <td>
                  {c.setup_id && (
                    <button type="button" class="slds-button slds-button_neutral button button--small" data-action="verify" onClick={() => onVerify(c.setup_id!)}>
                      Verify again<span class="visually-hidden"> {c.name}</span>
                    </button>
                  )}
                  <button type="button" class="slds-button slds-button_neutral button button--small" data-action="rename" onClick={() => { setText(c.name); setEditing({ kind: "rename", connection: c }); }}>
                    Rename<span class="visually-hidden"> {c.name}</span>
                  </button>
                  <button type="button" class="slds-button slds-button_neutral button button--small" data-action="replace-secret" onClick={() => { setText(""); setEditing({ kind: "secret", connection: c }); }}>
                    Replace secret<span class="visually-hidden"> of {c.name}</span>
                  </button>
                  <button type="button" class="slds-button slds-button_text-destructive button button--small button--danger-quiet" data-action="delete" onClick={() => setEditing({ kind: "delete", connection: c })}>
                    Delete<span class="visually-hidden"> {c.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" class="slds-button slds-button_neutral button" onClick={onHome}>
          ← All setups
        </button>
      </p>

      {editing?.kind === "delete" && (
        <ConfirmDialog title="Delete this connection?" confirmLabel="Delete connection" danger
          onCancel={() => setEditing(null)}
          onConfirm={() => act(() => api.removeConnection(editing.connection.name))}>
          The key and secret of “{editing.connection.name}” are removed from {keychain()}. The app in
          Salesforce keeps working for the partner.
        </ConfirmDialog>
      )}
      {editing?.kind === "rename" && (
        <ConfirmDialog title={`Rename “${editing.connection.name}”`} confirmLabel="Rename"
          onCancel={() => setEditing(null)}
          onConfirm={() => act(() => api.renameConnection(editing.connection.name, text))}>
          <label for="rename-input">New name</label>
          <input id="rename-input" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </ConfirmDialog>
      )}
      {editing?.kind === "secret" && (
        <ConfirmDialog title={`Replace the secret of “${editing.connection.name}”`} confirmLabel="Replace secret"
          onCancel={() => setEditing(null)}
          onConfirm={() => act(() => api.replaceSecret(editing.connection.name, text))}>
          <label for="secret-input">New Consumer Secret</label>
          <input id="secret-input" type="password" autocomplete="off" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </ConfirmDialog>
      )}
    </section>
  );
}

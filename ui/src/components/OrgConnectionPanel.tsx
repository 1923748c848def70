import { useEffect, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { AppCheck } from "../bindings/AppCheck";
import type { Inventory } from "../bindings/Inventory";
import type { OrgIdentity } from "../bindings/OrgIdentity";
import type { Progress } from "../bindings/Progress";
import type { SetupView } from "../bindings/SetupView";
import type { SfCliLogin } from "../bindings/SfCliLogin";
import { AppCheckResult } from "./AppCheckResult";
import { IntegrationsToMove } from "./IntegrationsToMove";
import { describe } from "./VerifyScreen";

type Props = {
  view: SetupView;
  /** A migration the inventory started: the app opens it. */
  onOpenSetup: (view: SetupView) => void;
  onError: (err: unknown) => void;
};

/**
 * The assistant signed in to the admin's org, read-only: who is connected, checking this setup's
 * app as Salesforce holds it, the integrations to move before 20 February 2027, and Disconnect.
 * The token stays in the keychain; only who and where reach this screen. When the Salesforce CLI is
 * installed and already signed in to the org, using its login is offered as an option.
 */
export function OrgConnectionPanel({ view, onOpenSetup, onError }: Props) {
  const practice = view.setup.practice;
  const [identity, setIdentity] = useState<OrgIdentity | null>(null);
  const [domain, setDomain] = useState(view.checklist.org?.host ?? "");
  const [consumerKey, setConsumerKey] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const [check, setCheck] = useState<AppCheck | null>(null);
  const [inventory, setInventory] = useState<Inventory | null>(null);
  const [sfLogin, setSfLogin] = useState<SfCliLogin | null>(null);

  useEffect(() => {
    api.orgIdentity().then(setIdentity).catch(onError);
  }, []);

  // The Salesforce CLI's login to the org entered, if `sf` is installed and authorized to it.
  useEffect(() => {
    setSfLogin(null);
    const host = domain.trim();
    if (practice || identity || !host) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .orgSfCliLogin(host)
        .then((login) => current && setSfLogin(login))
        .catch(() => undefined);
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [domain, practice, identity]);

  const doing = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } catch (err) {
      onError(asUiError(err));
    } finally {
      setBusy(null);
    }
  };

  const onProgress = (event: Progress) => {
    if (event.kind !== "check_done") setLog((lines) => [...lines, describe(event)]);
  };

  const connect = () =>
    doing("connect", async () => {
      setLog([]);
      const connected = practice
        ? await api.orgConnectPractice(view.setup.id, onProgress)
        : await api.orgConnect(domain, consumerKey, onProgress);
      setIdentity(connected);
      setConsumerKey("");
      // The steps of the sign-in are done with; who is connected says the rest.
      setLog([]);
    });

  const connectWithSfCli = (login: SfCliLogin) =>
    doing("connect-sf-cli", async () => {
      setLog([]);
      setIdentity(await api.orgConnectSfCli(domain.trim(), login.username));
      setConsumerKey("");
    });

  const disconnect = () =>
    doing("disconnect", async () => {
      await api.orgDisconnect();
      setIdentity(null);
      setCheck(null);
      setInventory(null);
      setLog([]);
    });

  return (
    <section class="org-panel" aria-labelledby="org-panel-title">
      <h3 id="org-panel-title">Org connection</h3>
      <p class="muted" id="org-read-only">
        Read-only: the assistant reads your apps' settings, OAuth usage and Login History, and changes nothing. Sign in as a
        user with View Setup and Configuration, Customize Application, and Manage Users or Monitor Login History.
      </p>
      {identity ? (
        <div class="org-panel__connected">
          <p id="org-identity" role="status">
            ✓ Connected to <strong>{identity.host}</strong>
            {identity.username ? (
              <>
                {" "}as <strong>{identity.username}</strong>
              </>
            ) : null}
            {identity.salesforce_cli ? (
              <>
                , using the Salesforce CLI's login (read-only use). The assistant keeps no token of it, and Disconnect does not
                revoke it: that would log the CLI out too.
              </>
            ) : (
              <>
                {" "}(read-only, scope {identity.scopes.join(" ") || "api"}). The sign-in lasts one Salesforce session.
              </>
            )}
          </p>
          <div class="form-actions form-actions--start">
            <button type="button" id="org-check" class="slds-button slds-button_neutral button" disabled={busy !== null}
              onClick={() => doing("check", async () => setCheck(await api.orgCheck(view.setup.id)))}>
              {busy === "check" ? "Checking…" : "Check this app in Salesforce"}
            </button>
            <button type="button" id="org-inventory" class="slds-button slds-button_neutral button" disabled={busy !== null}
              onClick={() => doing("inventory", async () => setInventory(await api.orgInventory()))}>
              {busy === "inventory" ? "Listing…" : "List integrations to move"}
            </button>
            <button type="button" id="org-disconnect" class="slds-button button button--quiet" disabled={busy !== null} onClick={disconnect}>
              {busy === "disconnect" ? "Disconnecting…" : "Disconnect"}
            </button>
          </div>
        </div>
      ) : (
        <>
          {!practice && (
            <>
              <div class="form-field">
                <label for="org-domain">Your org's My Domain</label>
                <input id="org-domain" value={domain} spellcheck={false} disabled={busy !== null}
                  onInput={(e) => setDomain(e.currentTarget.value)} />
              </div>
              <div class="form-field">
                <label for="org-consumer-key">Consumer Key of the assistant's own External Client App</label>
                <input id="org-consumer-key" value={consumerKey} spellcheck={false} autocomplete="off" disabled={busy !== null}
                  aria-describedby="org-consumer-key-help" onInput={(e) => setConsumerKey(e.currentTarget.value)} />
                <p class="muted" id="org-consumer-key-help">
                  Create it like any integration: start a setup for “ECA Setup Assistant”. It has no secret.
                </p>
              </div>
            </>
          )}
          <div class="form-actions form-actions--start">
            <button type="button" id="org-connect" class="slds-button slds-button_neutral button" disabled={busy !== null || (!practice && (!domain.trim() || !consumerKey.trim()))}
              onClick={connect}>
              {busy === "connect" ? "Waiting for you to sign in…" : practice ? "Connect the assistant to the practice org" : "Connect the assistant"}
            </button>
          </div>
          {!practice && sfLogin && (
            <div class="org-panel__sf-cli">
              <p class="muted" id="org-sf-cli-help">
                Optional: the Salesforce CLI on this computer is already signed in to this org, so the assistant can use its
                login instead of its own app (no Consumer Key needed). The token stays the CLI's: not kept, not revoked.
              </p>
              <div class="form-actions form-actions--start">
                <button type="button" id="org-connect-sf-cli" class="slds-button slds-button_neutral button" disabled={busy !== null}
                  aria-describedby="org-sf-cli-help" onClick={() => connectWithSfCli(sfLogin)}>
                  {busy === "connect-sf-cli" ? "Connecting…" : `Use the Salesforce CLI's login (${sfLogin.username})`}
                </button>
              </div>
            </div>
          )}
        </>
      )}
      {log.length > 0 && (
        <ul class="progress-log" aria-live="polite" aria-label="Connection progress">
          {log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {identity && check && <AppCheckResult check={check} />}
      {identity && inventory && (
        <IntegrationsToMove inventory={inventory} busy={busy !== null}
          onExport={() => doing("export", async () => void (await api.exportOrgInventory()))}
          onStartMove={(name) => doing("move", async () => onOpenSetup(await api.orgStartMove(name)))} />
      )}
    </section>
  );
}

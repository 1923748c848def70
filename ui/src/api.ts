// The one module that talks to the backend. Each command, what it takes and what it answers
// are the Rust side's (src-tauri/src/surface.rs, generated into ./bindings/Commands.ts), so a
// call the backend would not accept does not type-check. Every call rejects with a UiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { Commands } from "./bindings/Commands";
import type { CredentialPart } from "./bindings/CredentialPart";
import type { FlowChoice } from "./bindings/FlowChoice";
import type { Format } from "./bindings/Format";
import type { PracticeMistake } from "./bindings/PracticeMistake";
import type { Progress } from "./bindings/Progress";
import type { Rehearsal } from "./bindings/Rehearsal";
import type { Route } from "./bindings/Route";
import type { SetupEdit } from "./bindings/SetupEdit";
import type { UiError } from "./bindings/UiError";
import { datePattern } from "./dates";

type Command = keyof Commands;
type Args<C extends Command> = Commands[C]["args"];
type Answer<C extends Command> = Commands[C]["answer"];

/** Invokes `command` with its arguments (none when it takes none), which Tauri hands it as `args`. */
function call<C extends Command>(command: C, ...args: Args<C> extends null ? [] : [Args<C>]): Promise<Answer<C>> {
  return invoke<Answer<C>>(command, args.length === 0 ? {} : { args: args[0] });
}

export const api = {
  catalog: () => call("catalog"),
  home: () => call("home"),
  createSetup: (profileId: string) => call("create_setup", { profileId }),
  startPractice: (profileId: string) => call("start_practice", { profileId }),
  startMigration: (profileId: string) => call("start_migration", { profileId }),
  startPracticeMigration: (profileId: string, rehearsal: Rehearsal) =>
    call("start_practice_migration", { profileId, rehearsal }),
  /** A practice org whose app the route changes is started again (new address, key and secret). */
  chooseRoute: (setupId: string, route: Route) => call("choose_route", { setupId, route }),
  recordKeyBefore: (setupId: string, consumerKey: string) => call("record_key_before", { setupId, consumerKey }),
  /** In practice, the practice org's App Manager migrates its connected app too. */
  recordMigrated: (setupId: string, done: boolean) => call("record_migrated", { setupId, done }),
  compareKeyAfter: (setupId: string, consumerKey: string) => call("compare_key_after", { setupId, consumerKey }),
  openSetup: (setupId: string) => call("open_setup", { setupId }),
  closeSetup: () => call("close_setup"),
  editSetup: (setupId: string, edit: SetupEdit) => call("edit_setup", { setupId, edit }),
  deleteSetup: (setupId: string) => call("delete_setup", { setupId }),
  /** Only the setup's org pages (its running practice org's, in practice) and Salesforce Help open. */
  openLink: (setupId: string, url: string) => call("open_link", { setupId, url }),
  practiceCredentials: (setupId: string) => call("practice_credentials", { setupId }),
  practiceRehearsal: (setupId: string) => call("practice_rehearsal", { setupId }),
  /** Restarts the practice org (same address, key and secret) with the mistake in its app; null puts it right. */
  rehearseMistake: (setupId: string, mistake: PracticeMistake | null) =>
    call("rehearse_mistake", { setupId, mistake }),
  checkPaste: (consumerKey: string, consumerSecret: string) => call("check_paste", { consumerKey, consumerSecret }),
  saveCredentials: (setupId: string, name: string, consumerKey: string, consumerSecret: string) =>
    call("save_credentials", { setupId, name, consumerKey, consumerSecret }),
  connections: () => call("connections"),
  renameConnection: (name: string, newName: string) => call("rename_connection", { name, newName }),
  replaceSecret: (name: string, consumerSecret: string) => call("replace_secret", { name, consumerSecret }),
  removeConnection: (name: string) => call("remove_connection", { name }),
  /** The one command with a channel beside its arguments: each step of the run as it happens. */
  verify: (connection: string, flow: FlowChoice | null, soql: string | null, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    const args: Args<"verify"> = { connection, flow, soql };
    return invoke<Answer<"verify">>("verify", { args, onProgress: channel });
  },
  cancelVerify: () => call("cancel_verify"),
  exportReport: (setupId: string, format: Format) =>
    call("export_report", { setupId, format, dates: datePattern() }),
  exportMetadata: (setupId: string) => call("export_metadata", { setupId }),
  /** Resolves to the seconds until the clipboard is cleared again. */
  copyCredential: (connection: string, part: CredentialPart) => call("copy_credential", { connection, part }),
  /** Signs the assistant in to the org (read-only); the token stays in the keychain, never here. */
  orgConnect: (domain: string, consumerKey: string, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    const args: Args<"org_connect"> = { domain, consumerKey };
    return invoke<Answer<"org_connect">>("org_connect", { args, onProgress: channel });
  },
  /** The same, to a practice setup's org through the assistant's own app there. */
  orgConnectPractice: (setupId: string, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    const args: Args<"org_connect_practice"> = { setupId };
    return invoke<Answer<"org_connect_practice">>("org_connect_practice", { args, onProgress: channel });
  },
  orgIdentity: () => call("org_identity"),
  /** The Salesforce CLI's login to the org at that domain, when `sf` is installed and authorized to it (null otherwise). */
  orgSfCliLogin: (domain: string) => call("org_sf_cli_login", { domain }),
  /** Connects with the Salesforce CLI's login: its token stays the CLI's, neither kept in the keychain nor revoked. */
  orgConnectSfCli: (domain: string, username: string) => call("org_connect_sf_cli", { domain, username }),
  orgCheck: (setupId: string) => call("org_check", { setupId }),
  orgInventory: () => call("org_inventory"),
  /** Resolves to the saved file's path, or null when the admin cancelled. */
  exportOrgInventory: () => call("export_org_inventory"),
  /** A migration setup for an app the inventory lists, with what is known filled in. */
  orgStartMove: (appName: string) => call("org_start_move", { appName }),
  orgDisconnect: () => call("org_disconnect"),
};

/** Whatever a call rejected with, as a UiError a person can read. */
export function asUiError(err: unknown): UiError {
  if (err && typeof err === "object" && "code" in err && "message" in err) return err as UiError;
  return {
    code: "Unexpected",
    message: `Something unexpected went wrong (${String(err)}).`,
    hint: "Try again; if it keeps happening, restart the app. Your progress is saved.",
    fields: [],
  };
}

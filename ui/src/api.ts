// The one module that talks to the backend. Every call returns the core's own types
// (generated into ./bindings) and rejects with a UiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { Catalog } from "./bindings/Catalog";
import type { Home } from "./bindings/Home";
import type { SetupEdit } from "./bindings/SetupEdit";
import type { SetupView } from "./bindings/SetupView";
import type { UiError } from "./bindings/UiError";
import type { Connection } from "./bindings/Connection";
import type { CredentialPart } from "./bindings/CredentialPart";
import type { ConnectionList } from "./bindings/ConnectionList";
import type { FlowChoice } from "./bindings/FlowChoice";
import type { Format } from "./bindings/Format";
import type { PasteCheck } from "./bindings/PasteCheck";
import type { PracticeCredentials } from "./bindings/PracticeCredentials";
import type { PracticeMistake } from "./bindings/PracticeMistake";
import type { PracticeRehearsal } from "./bindings/PracticeRehearsal";
import type { Progress } from "./bindings/Progress";
import type { Rehearsal } from "./bindings/Rehearsal";
import type { Route } from "./bindings/Route";
import type { Verification } from "./bindings/Verification";

export const api = {
  catalog: () => invoke<Catalog>("catalog"),
  home: () => invoke<Home>("home"),
  createSetup: (profileId: string) => invoke<SetupView>("create_setup", { profileId }),
  startPractice: (profileId: string) => invoke<SetupView>("start_practice", { profileId }),
  startMigration: (profileId: string) => invoke<SetupView>("start_migration", { profileId }),
  startPracticeMigration: (profileId: string, rehearsal: Rehearsal) =>
    invoke<SetupView>("start_practice_migration", { profileId, rehearsal }),
  /** A practice org whose app the route changes is started again (new address, key and secret). */
  chooseRoute: (id: string, route: Route) => invoke<SetupView>("choose_route", { id, route }),
  recordKeyBefore: (id: string, consumerKey: string) => invoke<SetupView>("record_key_before", { id, consumerKey }),
  /** In practice, the practice org's App Manager migrates its connected app too. */
  recordMigrated: (id: string, done: boolean) => invoke<SetupView>("record_migrated", { id, done }),
  compareKeyAfter: (id: string, consumerKey: string) => invoke<SetupView>("compare_key_after", { id, consumerKey }),
  openSetup: (id: string) => invoke<SetupView>("open_setup", { id }),
  closeSetup: () => invoke<void>("close_setup"),
  editSetup: (id: string, edit: SetupEdit) => invoke<SetupView>("edit_setup", { id, edit }),
  deleteSetup: (id: string) => invoke<void>("delete_setup", { id }),
  openLink: (url: string) => invoke<void>("open_link", { url }),
  practiceCredentials: (setupId: string) => invoke<PracticeCredentials>("practice_credentials", { setupId }),
  practiceRehearsal: (setupId: string) => invoke<PracticeRehearsal>("practice_rehearsal", { setupId }),
  /** Restarts the practice org (same address, key and secret) with the mistake in its app; null puts it right. */
  rehearseMistake: (setupId: string, mistake: PracticeMistake | null) =>
    invoke<PracticeRehearsal>("rehearse_mistake", { setupId, mistake }),
  checkPaste: (consumerKey: string, consumerSecret: string) =>
    invoke<PasteCheck>("check_paste", { consumerKey, consumerSecret }),
  saveCredentials: (setupId: string, name: string, consumerKey: string, consumerSecret: string) =>
    invoke<SetupView>("save_credentials", { setupId, name, consumerKey, consumerSecret }),
  connections: () => invoke<ConnectionList>("connections"),
  renameConnection: (name: string, newName: string) => invoke<Connection>("rename_connection", { name, newName }),
  replaceSecret: (name: string, consumerSecret: string) =>
    invoke<Connection>("replace_secret", { name, consumerSecret }),
  removeConnection: (name: string) => invoke<void>("remove_connection", { name }),
  verify: (connection: string, flow: FlowChoice | null, soql: string | null, onProgress: (p: Progress) => void) => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return invoke<Verification>("verify", { connection, flow, soql, onProgress: channel });
  },
  cancelVerify: () => invoke<void>("cancel_verify"),
  exportReport: (setupId: string, format: Format) => invoke<string | null>("export_report", { setupId, format }),
  exportMetadata: (setupId: string) => invoke<string | null>("export_metadata", { setupId }),
  /** Resolves to the seconds until the clipboard is cleared again. */
  copyCredential: (connection: string, part: CredentialPart) =>
    invoke<number>("copy_credential", { connection, part }),
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

// The one module that talks to the backend. Every call returns the core's own types
// (generated into ./bindings) and rejects with a UiError.
import { invoke } from "@tauri-apps/api/core";
import type { Catalog } from "./bindings/Catalog";
import type { Home } from "./bindings/Home";
import type { SetupEdit } from "./bindings/SetupEdit";
import type { SetupView } from "./bindings/SetupView";
import type { UiError } from "./bindings/UiError";

export const api = {
  catalog: () => invoke<Catalog>("catalog"),
  home: () => invoke<Home>("home"),
  createSetup: (profileId: string, practice: boolean) =>
    invoke<SetupView>("create_setup", { profileId, practice }),
  openSetup: (id: string) => invoke<SetupView>("open_setup", { id }),
  closeSetup: () => invoke<void>("close_setup"),
  editSetup: (id: string, edit: SetupEdit) => invoke<SetupView>("edit_setup", { id, edit }),
  deleteSetup: (id: string) => invoke<void>("delete_setup", { id }),
  openLink: (url: string) => invoke<void>("open_link", { url }),
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

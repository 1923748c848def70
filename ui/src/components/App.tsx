import { useState } from "preact/hooks";
import logo from "../../../icons/icon.svg";
import { api, asUiError } from "../api";
import type { Catalog } from "../bindings/Catalog";
import type { Home } from "../bindings/Home";
import type { SetAside } from "../bindings/SetAside";
import type { SetupView } from "../bindings/SetupView";
import type { UiError } from "../bindings/UiError";
import { ConnectionsScreen } from "./ConnectionsScreen";
import { ErrorBanner } from "./ErrorBanner";
import { HomeScreen } from "./HomeScreen";
import { IntegrationPicker } from "./IntegrationPicker";
import { SetAsideNotice } from "./SetAsideNotice";
import { SetupScreen } from "./SetupScreen";
import { knowKeychain } from "../keychain";

type Screen =
  | { kind: "unavailable" }
  | { kind: "home"; home: Home }
  | { kind: "pick"; practice: boolean; migration: boolean }
  | { kind: "setup"; view: SetupView }
  | { kind: "connections" };

/** What the first screen needs, asked for before anything renders (see main.tsx). */
export type First = { catalog: Catalog; home: Home } | { error: UiError };

export async function askFirst(): Promise<First> {
  try {
    const [catalog, home] = await Promise.all([api.catalog(), api.home()]);
    knowKeychain(catalog.keychain);
    return { catalog, home };
  } catch (err) {
    return { error: asUiError(err) };
  }
}

export function App({ first }: { first: First }) {
  const catalog = "catalog" in first ? first.catalog : null;
  const [screen, setScreen] = useState<Screen>(() => {
    if (!("home" in first)) return { kind: "unavailable" };
    return first.home.resume ? { kind: "setup", view: first.home.resume } : { kind: "home", home: first.home };
  });
  const [error, setError] = useState<UiError | null>("error" in first ? first.error : null);
  // Files set aside stay announced until dismissed, whichever screen the app opens on.
  const [setAside, setSetAside] = useState<SetAside[]>("home" in first ? first.home.set_aside : []);
  const loadHome = async () => {
    const home = await api.home();
    if (home.set_aside.length > 0) setSetAside((known) => [...known, ...home.set_aside]);
    return home;
  };

  const run = async (action: () => Promise<void>) => {
    try {
      setError(null);
      await action();
    } catch (err) {
      setError(asUiError(err));
    }
  };

  const goHome = () =>
    run(async () => {
      await api.closeSetup();
      setScreen({ kind: "home", home: await loadHome() });
    });

  const profileOf = (id: string) => catalog?.profiles.find((p) => p.id === id);

  return (
    <div class="app">
      <header class="app-bar">
        <img class="app-bar__logo" src={logo} alt="" />
        <span class="app-bar__name">ECA Setup Assistant</span>
      </header>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {setAside.length > 0 && <SetAsideNotice files={setAside} onDismiss={() => setSetAside([])} />}
      <main class="app-main">
        {screen.kind === "unavailable" && (
          <button type="button" class="slds-button slds-button_neutral button" onClick={() => location.reload()}>
            Try again
          </button>
        )}
        {screen.kind === "home" && catalog && (
          <HomeScreen
            home={screen.home}
            profileName={(id) => profileOf(id)?.name ?? id}
            onStart={(practice, migration) => setScreen({ kind: "pick", practice, migration })}
            onConnections={() => setScreen({ kind: "connections" })}
            onOpen={(id) => run(async () => setScreen({ kind: "setup", view: await api.openSetup(id) }))}
            onDelete={(id) =>
              run(async () => {
                await api.deleteSetup(id);
                setScreen({ kind: "home", home: await loadHome() });
              })
            }
          />
        )}
        {screen.kind === "pick" && catalog && (
          <IntegrationPicker
            profiles={catalog.profiles}
            practice={screen.practice}
            migration={screen.migration}
            onCancel={goHome}
            onPick={(id, start) =>
              run(async () => {
                const view =
                  start.kind === "migration"
                    ? screen.practice
                      ? await api.startPracticeMigration(id, start.rehearsal)
                      : await api.startMigration(id)
                    : screen.practice
                      ? await api.startPractice(id)
                      : await api.createSetup(id);
                setScreen({ kind: "setup", view });
              })
            }
          />
        )}
        {screen.kind === "connections" && catalog && (
          <ConnectionsScreen
            profileName={(id) => profileOf(id)?.name ?? id}
            onHome={goHome}
            onVerify={(setupId) =>
              run(async () => {
                await api.openSetup(setupId);
                const view = await api.editSetup(setupId, { kind: "go_to", step: "verify" });
                setScreen({ kind: "setup", view });
              })
            }
            onError={(err) => setError(asUiError(err))}
          />
        )}
        {screen.kind === "setup" && catalog && profileOf(screen.view.setup.profile_id) && (
          <SetupScreen
            key={screen.view.setup.id}
            initial={screen.view}
            profile={profileOf(screen.view.setup.profile_id)!}
            vocabulary={catalog.vocabulary}
            onHome={goHome}
            onError={(err) => setError(asUiError(err))}
            onOpenSetup={(view) => setScreen({ kind: "setup", view })}
          />
        )}
      </main>
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
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

type Screen =
  | { kind: "loading" }
  | { kind: "home"; home: Home }
  | { kind: "pick"; practice: boolean }
  | { kind: "setup"; view: SetupView }
  | { kind: "connections" };

// Asked for as the script loads, not after the first paint, so the answers are on their way
// while the window shows "Loading…".
const startup = Promise.all([api.catalog(), api.home()]);

export function App() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: "loading" });
  const [error, setError] = useState<UiError | null>(null);
  // Files set aside stay announced until dismissed, whichever screen the app opens on.
  const [setAside, setSetAside] = useState<SetAside[]>([]);
  const noteSetAside = (home: Home) => {
    if (home.set_aside.length > 0) setSetAside((known) => [...known, ...home.set_aside]);
    return home;
  };
  const loadHome = async () => noteSetAside(await api.home());

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

  useEffect(() => {
    void run(async () => {
      const [loaded, home] = await startup;
      noteSetAside(home);
      setCatalog(loaded);
      setScreen(home.resume ? { kind: "setup", view: home.resume } : { kind: "home", home });
    });
  }, []);

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
        {screen.kind === "loading" && <p class="muted">Loading…</p>}
        {screen.kind === "home" && catalog && (
          <HomeScreen
            home={screen.home}
            profileName={(id) => profileOf(id)?.name ?? id}
            onStart={(practice) => setScreen({ kind: "pick", practice })}
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
            onCancel={goHome}
            onPick={(id) =>
              run(async () => {
                const view = screen.practice ? await api.startPractice(id) : await api.createSetup(id);
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
          />
        )}
      </main>
    </div>
  );
}

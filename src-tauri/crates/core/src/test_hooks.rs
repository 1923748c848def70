//! The test hooks: environment variables that stand in for what a test cannot drive (the
//! system browser, the save and folder dialogs, the clipboard's minute, the data folder on
//! Windows and macOS), read once when the program starts. Only builds with debug assertions
//! have them: the debug build and the package from `tauri build --debug` that the end-to-end
//! tests run. In a release build every hook is
//! empty and neither the code that reads them nor their names are compiled in; the test command
//! checks the release binaries for the names.
//!
//! Why `debug_assertions` and not a cargo feature: the build profile decides, so no build
//! command has to remember a flag, and no feature unification (a test or another workspace
//! member turning the feature on) can bring the hooks into a release binary.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// What the tests asked for; all empty in a release build and when no test set them.
#[derive(Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestHooks {
    /// A program given each URL to open instead of the system browser (`ECA_SETUP_OPENER`).
    pub opener: Option<OsString>,
    /// The folder reports and exports are saved to instead of asking through the save and
    /// folder dialogs (`ECA_SETUP_SAVE_DIR`).
    pub save_dir: Option<PathBuf>,
    /// How long a copied key or secret stays on the clipboard instead of a minute
    /// (`ECA_SETUP_CLIPBOARD_SECONDS`).
    pub clipboard_hold: Option<Duration>,
    /// The folder that holds the app's data folder instead of the platform's
    /// (`ECA_SETUP_DATA_HOME`). Linux tests move it with `XDG_DATA_HOME`, as an admin can; on
    /// Windows (the Roaming AppData known folder) and macOS (`~/Library/Application Support`)
    /// no variable moves it for one process, so the command line's tests there use this.
    pub data_home: Option<PathBuf>,
}

/// The hooks, read from the environment on the first call; every later call sees the same
/// values. The app's `main` calls it first thing.
#[cfg(debug_assertions)]
pub fn get() -> &'static TestHooks {
    static HOOKS: std::sync::OnceLock<TestHooks> = std::sync::OnceLock::new();
    HOOKS.get_or_init(|| TestHooks::from_vars(|name| std::env::var_os(name)))
}

/// A release build has no hooks; the callers' test branches fold away.
#[cfg(not(debug_assertions))]
#[inline]
pub fn get() -> &'static TestHooks {
    static NONE: TestHooks = TestHooks {
        opener: None,
        save_dir: None,
        clipboard_hold: None,
        data_home: None,
    };
    &NONE
}

#[cfg(debug_assertions)]
impl TestHooks {
    fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Self {
        Self {
            opener: var("ECA_SETUP_OPENER"),
            save_dir: var("ECA_SETUP_SAVE_DIR").map(PathBuf::from),
            clipboard_hold: var("ECA_SETUP_CLIPBOARD_SECONDS")
                .and_then(|seconds| seconds.to_str()?.parse().ok())
                .map(Duration::from_secs),
            data_home: var("ECA_SETUP_DATA_HOME").map(PathBuf::from),
        }
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    fn hooks_from(vars: &[(&str, &str)]) -> TestHooks {
        TestHooks::from_vars(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn each_hook_is_read_from_its_variable() {
        let hooks = hooks_from(&[
            ("ECA_SETUP_OPENER", "/tests/browser"),
            ("ECA_SETUP_SAVE_DIR", "/tmp/reports"),
            ("ECA_SETUP_CLIPBOARD_SECONDS", "3"),
            ("ECA_SETUP_DATA_HOME", "/tmp/data"),
        ]);
        assert_eq!(hooks.opener, Some(OsString::from("/tests/browser")));
        assert_eq!(hooks.save_dir, Some(PathBuf::from("/tmp/reports")));
        assert_eq!(hooks.clipboard_hold, Some(Duration::from_secs(3)));
        assert_eq!(hooks.data_home, Some(PathBuf::from("/tmp/data")));
    }

    #[test]
    fn no_variables_no_hooks_and_a_bad_number_is_ignored() {
        assert_eq!(hooks_from(&[]), TestHooks::default());
        let hooks = hooks_from(&[("ECA_SETUP_CLIPBOARD_SECONDS", "soon")]);
        assert_eq!(hooks.clipboard_hold, None);
    }
}

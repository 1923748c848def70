//! What a migration records (the old app, the findings, the route, the keys' fingerprints, the
//! cleanup) and the changes that record it: `MigrationEdit`, which a form sends, and
//! `MigrationDecision`, which only its use case makes. How far each screen is follows from it.
//! Which routes Salesforce allows is `routes`; what a screen says is `pages`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{ErrorCode, UiError};
use crate::screen::{MigrationScreen, ScreenState};
use crate::secret::mask_key;
use crate::setup::Timestamp;

/// What a migration has recorded. A setup without one is a new setup; files saved before
/// migrations existed have none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Migration {
    /// The connected app the integration uses, as found on OAuth Usage and App Manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old_app: Option<OldApp>,
    /// Whether the integration signs in with the username-password flow (Login History);
    /// `None` until the admin has looked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password_flow: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub route: Option<Route>,
    /// In place: the connected app's key, recorded before the Migrate click.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_before: Option<KeyFingerprint>,
    /// In place: the new External Client App's key, recorded after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_after: Option<KeyFingerprint>,
    /// In place: when the admin clicked Migrate to External Client App.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub migrated_at: Option<Timestamp>,
    #[serde(default)]
    pub cleanup: Cleanup,
    /// The profile option the client-credentials route chose, dropped again if the route changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub route_option: Option<String>,
    /// A practice setup's connected app, as its practice org plays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rehearsal: Option<Rehearsal>,
}

/// The old connected app, as the admin found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OldApp {
    pub name: String,
    /// Created in this org, rather than installed from a package or another org.
    pub local: bool,
    /// The User Count on Connected Apps OAuth Usage; `None` when the app is not listed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub users: Option<u32>,
    #[ts(type = "string")]
    pub recorded_at: Timestamp,
}

/// How the integration moves to an External Client App.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Route {
    /// App Manager → the connected app → Migrate to External Client App.
    InPlace,
    /// A new External Client App from the partner's guide; the partner gets its key and secret.
    NewEca,
    /// The integration signs in with a username and password, which no External Client App
    /// accepts: a new app with the client credentials flow, and the partner's client-credentials
    /// recipe.
    ClientCredentials,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::InPlace, Route::NewEca, Route::ClientCredentials];

    pub fn as_str(self) -> &'static str {
        match self {
            Route::InPlace => "in-place",
            Route::NewEca => "new-eca",
            Route::ClientCredentials => "client-credentials",
        }
    }

    /// What the route picker, the report and the command line call it.
    pub fn label(self) -> &'static str {
        match self {
            Route::InPlace => "Migrate the connected app in place",
            Route::NewEca => "Create a new External Client App",
            Route::ClientCredentials => {
                "Create a new External Client App with the client credentials flow"
            }
        }
    }
}

impl std::str::FromStr for Route {
    type Err = UiError;

    fn from_str(text: &str) -> Result<Route, UiError> {
        Route::ALL
            .into_iter()
            .find(|route| route.as_str() == text)
            .ok_or_else(|| {
                UiError::new(
                    ErrorCode::InvalidInput,
                    format!("There is no route called “{text}”."),
                    "Use in-place, new-eca or client-credentials.",
                )
            })
    }
}

/// A Consumer Key as it may be kept: masked to its ends, and its SHA-256 to compare another
/// key with. Never the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyFingerprint {
    pub masked: String,
    /// Lowercase hex SHA-256 of the trimmed key.
    pub sha256: String,
    #[ts(type = "string")]
    pub recorded_at: Timestamp,
}

impl KeyFingerprint {
    /// The fingerprint of a pasted key (spaces around it are ignored). An empty key, or one
    /// with spaces inside, is refused: it cannot be a Consumer Key.
    pub fn of(key: &str) -> Result<KeyFingerprint, UiError> {
        let key = key.trim();
        if key.is_empty() || key.chars().any(char::is_whitespace) {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "That is not a Consumer Key: it is empty or has spaces inside.",
                "Copy the Consumer Key again from Salesforce and paste it alone.",
            ));
        }
        let digest = Sha256::digest(key.as_bytes());
        Ok(KeyFingerprint {
            masked: mask_key(key),
            sha256: digest.iter().map(|byte| format!("{byte:02x}")).collect(),
            recorded_at: Timestamp::now(),
        })
    }

    pub fn same_key(&self, other: &KeyFingerprint) -> bool {
        self.sha256 == other.sha256
    }
}

/// What comparing the keys says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyCheck {
    /// The new app has the connected app's key: the partner needs no new key.
    Same,
    /// The key changed: the partner needs the new key and secret.
    Changed,
    /// No key was recorded before the migration, so nobody can tell: treat it as changed.
    NoKeyBefore,
}

impl KeyCheck {
    /// One sentence for the report and the command line.
    pub fn sentence(self) -> &'static str {
        match self {
            KeyCheck::Same => "The External Client App has the same Consumer Key as the connected app had: the partner needs no new key.",
            KeyCheck::Changed => "The External Client App's Consumer Key differs from the connected app's: the partner needs the new key and secret.",
            KeyCheck::NoKeyBefore => "No key was recorded before the migration, so whether it changed is unknown: give the partner the new key and secret.",
        }
    }
}

/// The old app's cleanup, once the new connection has passed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Cleanup {
    /// When the admin revoked the old app's tokens (OAuth Usage → Revoke).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub tokens_revoked_at: Option<Timestamp>,
    /// Blocked or deleted, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old_app: Option<OldAppEnd>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OldAppEnd {
    pub action: OldAppAction,
    #[ts(type = "string")]
    pub at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OldAppAction {
    Blocked,
    Deleted,
}

/// One thing the cleanup screen marks done or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CleanupStep {
    RevokeTokens,
    BlockOldApp,
    DeleteOldApp,
}

/// How a practice org plays the connected app to migrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rehearsal {
    /// Created in the practice org: eligible for Migrate unless it uses the password flow.
    pub local: bool,
    /// Its integration signs in with the username-password flow.
    pub password_flow: bool,
    /// After Migrate, the External Client App has the connected app's key (the widely quoted,
    /// unconfirmed behaviour); `false` rehearses a key that changed.
    pub key_kept: bool,
}

impl Default for Rehearsal {
    fn default() -> Rehearsal {
        Rehearsal {
            local: true,
            password_flow: false,
            key_kept: true,
        }
    }
}

/// A Consumer Key pasted on a migration screen, on its way to a fingerprint. Debug prints it
/// masked, so an edit logged by mistake shows no key.
// A newtype struct: serde reads and writes it as the bare string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(as = "String")]
pub struct PastedKey(pub String);

impl std::fmt::Debug for PastedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask_key(self.0.trim()))
    }
}

/// What a migration screen's form records; the UI sends these inside `SetupEdit::Migration`.
/// The route and the Migrate click are not among them: a practice org must follow each (started
/// again with the route's app, or its connected app migrated), so they are `MigrationDecision`s,
/// which only their use cases make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MigrationEdit {
    /// What Connected Apps OAuth Usage and App Manager show.
    OldApp {
        name: String,
        local: bool,
        #[serde(default)]
        #[ts(optional)]
        users: Option<u32>,
    },
    /// What Login History shows.
    SignIns {
        password_flow: bool,
    },
    /// The connected app's Consumer Key, before Migrate; only its fingerprint is kept.
    KeyBefore {
        consumer_key: PastedKey,
    },
    /// The new External Client App's Consumer Key; compared, then only its fingerprint kept.
    KeyAfter {
        consumer_key: PastedKey,
    },
    Cleanup {
        step: CleanupStep,
        done: bool,
    },
}

/// A migration change with its own use case (`Desk::choose_route`, `Desk::record_migrated`),
/// because a practice org must follow it. Never part of a `SetupEdit` and never deserialized,
/// so neither a generic edit nor the UI can make one around the use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationDecision {
    /// In place, a new External Client App, or client credentials.
    Route { route: Route },
    /// The Migrate click done (or not).
    Migrated { done: bool },
}

impl Migration {
    /// Whether both finding screens have been answered.
    pub fn findings_recorded(&self) -> bool {
        self.old_app.is_some() && self.password_flow.is_some()
    }

    /// The comparison of the keys, once the key after is recorded.
    pub fn key_check(&self) -> Option<KeyCheck> {
        let after = self.key_after.as_ref()?;
        Some(match &self.key_before {
            None => KeyCheck::NoKeyBefore,
            Some(before) if before.same_key(after) => KeyCheck::Same,
            Some(_) => KeyCheck::Changed,
        })
    }

    /// Whether the old app's cleanup is complete: tokens revoked and the app blocked or deleted.
    pub fn cleaned_up(&self) -> bool {
        self.cleanup.tokens_revoked_at.is_some() && self.cleanup.old_app.is_some()
    }

    /// How far one migration screen is; a screen that waits for the partner's switch (the
    /// cleanup) is locked while `locked` (`progress::cleanup_lock`).
    pub fn state(&self, screen: MigrationScreen, locked: bool) -> ScreenState {
        if screen.waits_for_the_switch() && locked {
            return ScreenState::Locked;
        }
        let done = match screen {
            MigrationScreen::FindOldApp => self.old_app.is_some(),
            MigrationScreen::FindPasswordSignIns => self.password_flow.is_some(),
            MigrationScreen::ChooseRoute => self.route.is_some(),
            MigrationScreen::RecordKey => self.key_before.is_some(),
            MigrationScreen::Migrate => self.migrated_at.is_some(),
            MigrationScreen::CompareKey => self.key_after.is_some(),
            MigrationScreen::Cleanup => self.cleaned_up(),
        };
        if done {
            ScreenState::Done
        } else {
            ScreenState::Todo
        }
    }
}

/// A migration whose findings are recorded, for the tests of this module and its siblings.
#[cfg(test)]
pub(super) fn found(local: bool, password_flow: bool) -> Migration {
    Migration {
        old_app: Some(OldApp {
            name: "Vonage AI".into(),
            local,
            users: Some(3),
            recorded_at: Timestamp::now(),
        }),
        password_flow: Some(password_flow),
        ..Migration::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "3MVG9practiceKEYbeforeMIGRATIONabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS";

    #[test]
    fn a_fingerprint_keeps_the_masked_key_and_a_digest_but_never_the_key() {
        let fingerprint = KeyFingerprint::of(&format!("  {KEY}\n")).expect("a key");
        assert_eq!(fingerprint.masked, "3MVG…PQRS");
        assert_eq!(fingerprint.sha256.len(), 64);
        let saved = serde_json::to_string(&fingerprint).expect("serializes");
        assert!(!saved.contains(KEY), "{saved}");
        assert!(!saved.contains(&KEY[4..20]), "{saved}");
        assert!(fingerprint.same_key(&KeyFingerprint::of(KEY).expect("a key")));
        assert!(!fingerprint.same_key(&KeyFingerprint::of(&KEY.replace('K', "k")).expect("a key")));
    }

    #[test]
    fn a_key_with_spaces_inside_or_nothing_is_refused() {
        for bad in ["", "   ", "3MVG9 abc"] {
            let err = KeyFingerprint::of(bad).expect_err(bad);
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn a_pasted_key_prints_masked() {
        let printed = format!(
            "{:?}",
            MigrationEdit::KeyBefore {
                consumer_key: PastedKey(KEY.into())
            }
        );
        assert!(!printed.contains(KEY), "{printed}");
        assert!(printed.contains("3MVG…PQRS"), "{printed}");
    }

    #[test]
    fn routes_serialize_as_the_ids_the_cli_takes() {
        for route in Route::ALL {
            assert_eq!(
                serde_json::to_value(route).expect("serializes"),
                route.as_str()
            );
            assert_eq!(route.as_str().parse::<Route>().expect("parses"), route);
        }
    }

    #[test]
    fn a_form_cannot_send_the_route_or_the_migrate_click() {
        for (kind, fields) in [
            ("route", r#""route": "in-place""#),
            ("migrated", r#""done": true"#),
        ] {
            let json = format!(r#"{{"kind": "{kind}", {fields}}}"#);
            assert!(
                serde_json::from_str::<MigrationEdit>(&json).is_err(),
                "{kind} has its own use case, which restarts or migrates a practice org"
            );
        }
    }

    #[test]
    fn the_key_check_follows_the_fingerprints() {
        let mut migration = found(true, false);
        assert_eq!(migration.key_check(), None);
        migration.key_after = Some(KeyFingerprint::of(KEY).expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::NoKeyBefore));
        migration.key_before = Some(KeyFingerprint::of(KEY).expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::Same));
        migration.key_before = Some(KeyFingerprint::of("3MVG9other").expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::Changed));
    }

    #[test]
    fn the_cleanup_is_locked_while_its_lock_holds() {
        let migration = found(true, false);
        assert_eq!(
            migration.state(MigrationScreen::Cleanup, true),
            ScreenState::Locked
        );
        assert_eq!(
            migration.state(MigrationScreen::Cleanup, false),
            ScreenState::Todo
        );
    }
}

//! The OS keychain through the `keyring` crate: one entry per (connection, kind), under a service
//! name that keeps release, development and Practice mode apart. There is no fallback to a file:
//! no keychain means an error that says so.
//!
//! Calls run on the blocking pool one at a time, in the order asked, each within a timeout. Once
//! the keychain has a call it cannot be cancelled, so a call that times out is settled when it
//! finally returns: whatever it changed is put back as it was, and only then does the next call
//! start. "Nothing was saved or removed", as the admin was told, stays true, and a retry cannot
//! be overtaken by the late call.

use std::fmt;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use eca_core::paths::IDENTIFIER;
use eca_core::secret::Secret;
use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use tokio::sync::{oneshot, Mutex};
use tokio::time::{timeout_at, Instant};
use zeroize::Zeroizing;

use crate::error::VaultError;

/// How long a keychain call may take before the admin is told; a keyring waiting on an unlock
/// prompt nobody sees would otherwise hang the app.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What one keychain entry of a connection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    ConsumerKey,
    ConsumerSecret,
    RefreshToken,
    /// The assistant's own access token while it is connected to an org (`eca-org`), under the
    /// assistant's own entry, never a connection's; not in `ALL`, which are a connection's.
    OrgToken,
}

impl EntryKind {
    /// A saved connection's entries.
    pub const ALL: [EntryKind; 3] = [
        EntryKind::ConsumerKey,
        EntryKind::ConsumerSecret,
        EntryKind::RefreshToken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::ConsumerKey => "consumer_key",
            EntryKind::ConsumerSecret => "consumer_secret",
            EntryKind::RefreshToken => "refresh_token",
            EntryKind::OrgToken => "org_token",
        }
    }

    /// As a sentence names it.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::ConsumerKey => "Consumer Key",
            EntryKind::ConsumerSecret => "Consumer Secret",
            EntryKind::RefreshToken => "refresh token",
            EntryKind::OrgToken => "access token of the assistant's connection to the org",
        }
    }
}

/// Where entries go: the service name's base, the store, and how long a call may take.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    timeout: Duration,
    /// `None`: the platform's keychain, which `keyring` sets up on first use.
    store: Option<Arc<CredentialStore>>,
    /// Held by the call that has the keychain, until it has returned and, if its caller stopped
    /// waiting, been undone. Tokio's mutex is fair, so calls take their turns in order.
    lane: Arc<Mutex<()>>,
    /// Calls that answered after their timeout, not yet taken by `late_calls`.
    late: Arc<StdMutex<Vec<LateCall>>>,
}

/// What a keychain call was for, as a late call's record names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Check,
    Read,
    Save,
    Delete,
}

/// A keychain call that answered after its caller had been told it timed out, and what became
/// of it. Nothing in it is secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateCall {
    pub call: Call,
    /// The connection whose entries it was for (empty for a check).
    pub connection: String,
    pub outcome: LateOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LateOutcome {
    /// It changed nothing: a read, a check, or a change the keychain refused.
    NothingChanged,
    /// It changed entries, and each was put back as it was before the call.
    Undone,
    /// It changed entries and putting them back failed (the keychain's words).
    UndoFailed(String),
}

impl fmt::Display for LateCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let call = match self.call {
            Call::Check => "check",
            Call::Read => "read",
            Call::Save => "save",
            Call::Delete => "delete",
        };
        write!(
            f,
            "a keychain {call} for {:?} answered after its timeout; ",
            self.connection
        )?;
        match &self.outcome {
            LateOutcome::NothingChanged => f.write_str("it had changed nothing"),
            LateOutcome::Undone => f.write_str("what it changed was put back"),
            LateOutcome::UndoFailed(cause) => {
                write!(f, "what it changed could not be put back ({cause})")
            }
        }
    }
}

impl Default for Keychain {
    fn default() -> Keychain {
        Keychain::for_this_build()
    }
}

impl Keychain {
    /// `dev.ecasetup.assistant` in a release build, `dev.ecasetup.assistant.dev` in a development
    /// build, so testing the app never touches the credentials an admin really uses.
    pub fn for_this_build() -> Keychain {
        let service = if cfg!(debug_assertions) {
            format!("{IDENTIFIER}.dev")
        } else {
            IDENTIFIER.to_owned()
        };
        Keychain::with_service(service)
    }

    /// Entries under another base name (tests use a unique one each).
    pub fn with_service(service: impl Into<String>) -> Keychain {
        Keychain {
            service: service.into(),
            timeout: DEFAULT_TIMEOUT,
            store: None,
            lane: Arc::default(),
            late: Arc::default(),
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Keychain {
        self.timeout = timeout;
        self
    }

    /// Entries in `store` rather than the platform's keychain: an in-memory or deliberately slow
    /// store in tests.
    pub fn with_store(mut self, store: Arc<CredentialStore>) -> Keychain {
        self.store = Some(store);
        self
    }

    /// Entries under `service` in this process's memory only (keyring's mock store), gone with
    /// the last clone: for tests of what uses the keychain, which then run where no keychain
    /// answers. Clones share the entries.
    pub fn in_memory(service: impl Into<String>) -> Result<Keychain, VaultError> {
        let store = keyring_core::mock::Store::new().map_err(VaultError::from)?;
        Ok(Keychain::with_service(service).with_store(store))
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The service name of real connections, or with `.practice` for Practice mode ones.
    pub fn service(&self, practice: bool) -> String {
        if practice {
            format!("{}.practice", self.service)
        } else {
            self.service.clone()
        }
    }

    /// The calls that answered after their timeout since the last asking, and what became of
    /// each, for the support log.
    pub fn late_calls(&self) -> Vec<LateCall> {
        std::mem::take(&mut *self.late.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Whether a keychain answers in this process at all (not whether it is unlocked). It waits
    /// for its turn, so it also returns only once every earlier call has settled.
    pub async fn check_available(&self) -> Result<(), VaultError> {
        self.run(Call::Check, false, "", |_| Ok(Done::unchanged(())))
            .await
    }

    /// Writes each value, replacing what was there. If a write fails, or the call answers after
    /// its timeout, every entry it wrote is put back as it was.
    pub async fn set_all(
        &self,
        practice: bool,
        connection: &str,
        values: Vec<(EntryKind, Secret)>,
    ) -> Result<(), VaultError> {
        self.run(Call::Save, practice, connection, move |entries| {
            let before = values
                .iter()
                .map(|(kind, _)| Ok((*kind, entries.read(*kind)?)))
                .collect::<keyring_core::Result<Vec<_>>>()?;
            for (written, (kind, value)) in values.iter().enumerate() {
                if let Err(err) = entries.entry(*kind)?.set_password(value.expose()) {
                    let _ = entries.put_back(&before[..written]);
                    return Err(err);
                }
            }
            Ok(Done { value: (), before })
        })
        .await
    }

    /// Each value, `None` where the keychain holds no such entry.
    pub async fn get_all(
        &self,
        practice: bool,
        connection: &str,
        kinds: Vec<EntryKind>,
    ) -> Result<Vec<Option<Secret>>, VaultError> {
        self.run(Call::Read, practice, connection, move |entries| {
            let values = kinds
                .iter()
                .map(|kind| match entries.entry(*kind)?.get_password() {
                    Ok(text) => Ok(Some(Secret::new(text))),
                    Err(KeyringError::NoEntry) => Ok(None),
                    Err(err) => Err(err),
                })
                .collect::<keyring_core::Result<_>>()?;
            Ok(Done::unchanged(values))
        })
        .await
    }

    /// Deletes every entry of the connection; entries that are already gone are fine.
    pub async fn delete_all(&self, practice: bool, connection: &str) -> Result<(), VaultError> {
        self.delete(practice, connection, EntryKind::ALL.to_vec())
            .await
    }

    /// Deletes these entries; entries that are already gone are fine. If a delete fails, or the
    /// call answers after its timeout, the deleted entries are written back.
    pub async fn delete(
        &self,
        practice: bool,
        connection: &str,
        kinds: Vec<EntryKind>,
    ) -> Result<(), VaultError> {
        self.run(Call::Delete, practice, connection, move |entries| {
            let mut before = Vec::new();
            for kind in kinds {
                if let Some(value) = entries.read(kind)? {
                    before.push((kind, Some(value)));
                }
            }
            for (deleted, (kind, _)) in before.iter().enumerate() {
                if let Err(err) = entries.delete(*kind) {
                    let _ = entries.put_back(&before[..deleted]);
                    return Err(err);
                }
            }
            Ok(Done { value: (), before })
        })
        .await
    }

    /// Runs `work` on the blocking pool when its turn comes, and waits for it until the timeout.
    /// If the caller stops waiting (the timeout, or the future dropped), the call settles itself
    /// when it returns: what it changed is put back, and it keeps its turn until then.
    async fn run<T: Send + 'static>(
        &self,
        call: Call,
        practice: bool,
        connection: &str,
        work: impl FnOnce(&Entries) -> keyring_core::Result<Done<T>> + Send + 'static,
    ) -> Result<T, VaultError> {
        let deadline = Instant::now() + self.timeout;
        // Waiting behind an earlier call (perhaps one still settling) counts against the
        // timeout; a call that never got its turn never reached the keychain.
        let Ok(turn) = timeout_at(deadline, self.lane.clone().lock_owned()).await else {
            return Err(VaultError::Timeout(self.timeout));
        };
        let entries = Entries {
            store: self.store.clone(),
            service: self.service(practice),
            connection: connection.to_owned(),
        };
        let late = Arc::clone(&self.late);
        let (answer, mut answered) = oneshot::channel();
        tokio::task::spawn_blocking(move || {
            let result = entries
                .ready()
                .and_then(|()| work(&entries).map_err(VaultError::from));
            if let Err(unheard) = answer.send(result) {
                let outcome = entries.settle(unheard);
                late.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(LateCall {
                        call,
                        connection: entries.connection,
                        outcome,
                    });
            }
            drop(turn);
        });
        let result = match timeout_at(deadline, &mut answered).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(VaultError::Keychain(
                "the keychain call stopped unexpectedly".into(),
            )),
            Err(_) => {
                // Closing decides the race: either the answer is already here, or the call
                // will find nobody listening and undo itself.
                answered.close();
                answered
                    .try_recv()
                    .unwrap_or(Err(VaultError::Timeout(self.timeout)))
            }
        };
        result.map(|done| done.value)
    }
}

/// What a call returns, and the entries it changed as they were before it, to put back if
/// nobody is listening any more.
struct Done<T> {
    value: T,
    before: Vec<(EntryKind, Option<Stored>)>,
}

impl<T> Done<T> {
    fn unchanged(value: T) -> Done<T> {
        Done {
            value,
            before: Vec::new(),
        }
    }
}

/// An entry's bytes as they were, wiped on drop; never printed.
struct Stored(Zeroizing<Vec<u8>>);

/// One connection's entries under one service name: what a call works on.
struct Entries {
    store: Option<Arc<CredentialStore>>,
    service: String,
    connection: String,
}

impl Entries {
    /// The platform's store is chosen once per process, on first use; this reports why that
    /// failed.
    fn ready(&self) -> Result<(), VaultError> {
        if self.store.is_none() {
            keyring::Entry::store_status()
                .as_ref()
                .map_err(VaultError::from_store_status)?;
        }
        Ok(())
    }

    fn entry(&self, kind: EntryKind) -> keyring_core::Result<Entry> {
        let account = account(&self.connection, kind);
        match &self.store {
            Some(store) => store.build(&self.service, &account, None),
            None => keyring::Entry::new(&self.service, &account).map(|entry| entry.inner),
        }
    }

    fn read(&self, kind: EntryKind) -> keyring_core::Result<Option<Stored>> {
        match self.entry(kind)?.get_secret() {
            Ok(bytes) => Ok(Some(Stored(Zeroizing::new(bytes)))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn delete(&self, kind: EntryKind) -> keyring_core::Result<()> {
        match self.entry(kind)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// Writes back each entry as it was (deleting those there were none of); tries every one,
    /// and returns the first failure.
    fn put_back(&self, before: &[(EntryKind, Option<Stored>)]) -> keyring_core::Result<()> {
        let mut first_failure = Ok(());
        for (kind, value) in before {
            let result = match value {
                Some(bytes) => self
                    .entry(*kind)
                    .and_then(|entry| entry.set_secret(&bytes.0)),
                None => self.delete(*kind),
            };
            if first_failure.is_ok() {
                first_failure = result;
            }
        }
        first_failure
    }

    /// Undoes a call whose caller stopped waiting for it.
    fn settle<T>(&self, unheard: Result<Done<T>, VaultError>) -> LateOutcome {
        match unheard {
            // A refused change has put back what it wrote already.
            Err(_) => LateOutcome::NothingChanged,
            Ok(done) if done.before.is_empty() => LateOutcome::NothingChanged,
            Ok(done) => match self.put_back(&done.before) {
                Ok(()) => LateOutcome::Undone,
                Err(err) => LateOutcome::UndoFailed(VaultError::from(err).to_string()),
            },
        }
    }
}

/// The entry's user name: the connection's name, then the kind. Kinds have no `/`, so the last
/// `/` always separates them, whatever the name holds.
fn account(connection: &str, kind: EntryKind) -> String {
    format!("{connection}/{}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_keep_builds_and_practice_apart() {
        let keychain = Keychain::for_this_build();
        let base = if cfg!(debug_assertions) {
            "dev.ecasetup.assistant.dev"
        } else {
            "dev.ecasetup.assistant"
        };
        assert_eq!(keychain.service(false), base);
        assert_eq!(keychain.service(true), format!("{base}.practice"));
        assert_eq!(keychain.timeout(), DEFAULT_TIMEOUT);
    }

    #[tokio::test]
    async fn an_in_memory_keychain_shares_its_entries_with_its_clones_only() {
        let keychain = Keychain::in_memory("test.in-memory").expect("an in-memory keychain");
        let key = vec![(EntryKind::ConsumerKey, Secret::new("3MVG9key"))];
        keychain.set_all(false, "Prod", key).await.expect("saved");
        let read = |keychain: Keychain| async move {
            let values = keychain.get_all(false, "Prod", vec![EntryKind::ConsumerKey]);
            values.await.expect("read").remove(0)
        };
        assert_eq!(
            read(keychain.clone()).await,
            Some(Secret::new("3MVG9key")),
            "a clone reads what was saved"
        );
        let other = Keychain::in_memory("test.in-memory").expect("an in-memory keychain");
        assert_eq!(read(other).await, None, "another one starts empty");
    }

    #[test]
    fn entries_are_named_connection_then_kind() {
        assert_eq!(
            account("Salesforce QA", EntryKind::RefreshToken),
            "Salesforce QA/refresh_token"
        );
    }

    #[test]
    fn a_late_call_is_described_without_its_values() {
        let late = LateCall {
            call: Call::Save,
            connection: "Prod".into(),
            outcome: LateOutcome::Undone,
        };
        assert_eq!(
            late.to_string(),
            "a keychain save for \"Prod\" answered after its timeout; what it changed was put back"
        );
    }
}

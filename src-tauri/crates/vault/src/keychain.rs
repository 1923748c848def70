//! The OS keychain through the `keyring` crate: one entry per (connection, kind), under a service
//! name that keeps release, development and Practice mode apart. There is no fallback to a file:
//! no keychain means an error that says so.
//!
//! Calls run on the blocking pool one at a time, in the order asked, each within a timeout. Once
//! the keychain has a call it cannot be cancelled, so a call that times out is settled when it
//! finally returns: whatever it changed is put back as it was, and only then does the next call
//! (or, holding the vault's file lock, another program) start. "Nothing was saved or removed",
//! as the admin was told, stays true, and a retry cannot be overtaken by the late call. A change
//! that touches several entries (a replace, a rename) is one `Plan` in one call, so there is
//! never a second call left to restore what the first one deleted.

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
    /// Told of each late call as it settles (the support log), shared by every clone.
    on_late: Arc<StdMutex<Option<LateCallSink>>>,
}

/// Whoever writes late calls down: the session hands the support log's writer in.
#[derive(Clone)]
struct LateCallSink(Arc<dyn Fn(&LateCall) + Send + Sync>);

impl fmt::Debug for LateCallSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LateCallSink")
    }
}

/// Whatever a call keeps until it has settled, however late: the vault's lock on its file, so
/// another program cannot change the connections while a late call is still being undone.
pub(crate) type Held = Arc<dyn std::any::Any + Send + Sync>;

/// What a keychain call was for, as a late call's record names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Check,
    Read,
    Save,
    Delete,
    /// Putting back what an earlier call changed, after the saved list could not be written.
    Rollback,
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
    /// A rollback that finished late is kept: it brings the keychain back in line with the
    /// saved list, which is what its caller wanted.
    Kept,
}

impl fmt::Display for LateCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let call = match self.call {
            Call::Check => "check",
            Call::Read => "read",
            Call::Save => "save",
            Call::Delete => "delete",
            Call::Rollback => "rollback",
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
            LateOutcome::Kept => f.write_str("what it put back was kept"),
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
            on_late: Arc::default(),
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

    /// Like `in_memory`, but each read, write and delete takes `delay` first, as a keyring
    /// waiting on a prompt does: for tests of what a slow keychain does to its callers.
    pub fn in_memory_answering_after(
        service: impl Into<String>,
        delay: Duration,
    ) -> Result<Keychain, VaultError> {
        let store = keyring_core::mock::Store::new().map_err(VaultError::from)?;
        let slow: Arc<CredentialStore> = Arc::new(slow::Store {
            inner: store,
            delay,
        });
        Ok(Keychain::with_service(service).with_store(slow))
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

    /// Has `write` told of every call that answers after its timeout, once it has settled (this
    /// clone's and every other's). A late call can settle long after its caller gave up, when
    /// nobody asks `late_calls`; the support log must still hear of it.
    pub fn on_late_call(&self, write: impl Fn(&LateCall) + Send + Sync + 'static) {
        *self.on_late.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(LateCallSink(Arc::new(write)));
    }

    /// Whether a keychain answers in this process at all (not whether it is unlocked). It waits
    /// for its turn, so it also returns only once every earlier call has settled.
    pub async fn check_available(&self) -> Result<(), VaultError> {
        self.run(Call::Check, false, "", None, |_| Ok(Done::unchanged(())))
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
        let plan = Plan::write(connection, values);
        self.apply(practice, plan, None).await.map(drop)
    }

    /// Each value, `None` where the keychain holds no such entry.
    pub async fn get_all(
        &self,
        practice: bool,
        connection: &str,
        kinds: Vec<EntryKind>,
    ) -> Result<Vec<Option<Secret>>, VaultError> {
        let name = connection.to_owned();
        self.run(Call::Read, practice, connection, None, move |entries| {
            let values = kinds
                .iter()
                .map(|kind| match entries.entry(&name, *kind)?.get_password() {
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
        let plan = Plan::delete(connection, kinds);
        self.apply(practice, plan, None).await.map(drop)
    }

    /// Makes every change of `plan` in one turn: a failure part-way puts back what it changed
    /// before returning, and so does a call that answers after its timeout, once it answers.
    /// `held` is kept until the call has settled. Returns what was changed, to put back with
    /// `roll_back` should what follows fail.
    pub(crate) async fn apply(
        &self,
        practice: bool,
        plan: Plan,
        held: Option<Held>,
    ) -> Result<Undo, VaultError> {
        let call = if plan.steps.iter().all(|s| matches!(s, Step::Delete { .. })) {
            Call::Delete
        } else {
            Call::Save
        };
        let connection = plan.connection.clone();
        self.run(call, practice, &connection, held, move |entries| {
            let changes = plan.carry_out(entries)?;
            Ok(Done {
                value: Undo(changes.clone()),
                before: changes,
                keep_if_late: false,
            })
        })
        .await
    }

    /// Puts back what `apply` changed. A rollback that finishes after its timeout is kept, not
    /// undone: it restores what the saved list describes.
    pub(crate) async fn roll_back(
        &self,
        practice: bool,
        connection: &str,
        undo: Undo,
        held: Option<Held>,
    ) -> Result<(), VaultError> {
        self.run(Call::Rollback, practice, connection, held, move |entries| {
            entries
                .put_back(&undo.0)
                .map_err(VaultError::from)
                .map(|()| Done {
                    value: (),
                    before: Vec::new(),
                    keep_if_late: true,
                })
        })
        .await
    }

    /// Runs `work` on the blocking pool when its turn comes, and waits for it until the timeout.
    /// If the caller stops waiting (the timeout, or the future dropped), the call settles itself
    /// when it returns: what it changed is put back, and it keeps its turn (and `held`) until
    /// then.
    async fn run<T: Send + 'static>(
        &self,
        call: Call,
        practice: bool,
        connection: &str,
        held: Option<Held>,
        work: impl FnOnce(&Entries) -> Result<Done<T>, VaultError> + Send + 'static,
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
        };
        let connection = connection.to_owned();
        let late = Arc::clone(&self.late);
        let on_late = Arc::clone(&self.on_late);
        let (answer, mut answered) = oneshot::channel();
        tokio::task::spawn_blocking(move || {
            let result = entries.ready().and_then(|()| work(&entries));
            if let Err(unheard) = answer.send(result) {
                let record = LateCall {
                    call,
                    connection,
                    outcome: entries.settle(unheard),
                };
                let sink = on_late.lock().unwrap_or_else(|p| p.into_inner()).clone();
                if let Some(LateCallSink(write)) = sink {
                    write(&record);
                }
                late.lock().unwrap_or_else(|p| p.into_inner()).push(record);
            }
            // Only now may the next call, or another program, touch these entries.
            drop(held);
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
    before: Vec<Change>,
    /// A rollback's: if it answers late, what it did stays done.
    keep_if_late: bool,
}

impl<T> Done<T> {
    fn unchanged(value: T) -> Done<T> {
        Done {
            value,
            before: Vec::new(),
            keep_if_late: false,
        }
    }
}

/// What `apply` changed, in order, with each entry as it was before: what `roll_back` puts
/// back. Holds secrets' bytes (wiped on drop) and never prints them.
pub(crate) struct Undo(Vec<Change>);

impl fmt::Debug for Undo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Undo({} entries)", self.0.len())
    }
}

/// One entry a call changed, as it was before the call.
#[derive(Clone)]
struct Change {
    name: String,
    kind: EntryKind,
    before: Option<Stored>,
}

/// What one step writes: a value given as text, or one copied as the keychain stored it.
enum Write<'a> {
    Text(&'a str),
    Stored(Stored),
}

/// An entry's bytes as they were, wiped on drop; never printed.
#[derive(Clone)]
struct Stored(Zeroizing<Vec<u8>>);

/// Changes to a connection's entries made in one keychain turn. A replace or a rename is one
/// plan, not a delete and a write: a write that times out would otherwise leave the delete
/// done and the restore queued behind the late write, where it can time out too.
pub(crate) struct Plan {
    /// The connection the plan is for, as a late call's record names it.
    connection: String,
    steps: Vec<Step>,
    /// Which refresh tokens the plan may drop (see `TokenRule`).
    tokens: TokenRule,
}

enum Step {
    /// `value` under `name`, or, for a moved value that is not there, no entry at all.
    Write {
        name: String,
        kind: EntryKind,
        value: Value,
    },
    Delete {
        name: String,
        kind: EntryKind,
    },
}

pub(crate) enum Value {
    Given(Secret),
    /// The entry of the same kind under this name, read before any step runs.
    Moved(String),
}

/// A refresh token an earlier version kept is valid in Salesforce until revoked, and once its
/// entry is gone the app can no longer revoke it.
pub(crate) enum TokenRule {
    /// The caller knows what it deletes (`Keychain::delete`, a test).
    Unchecked,
    /// A refresh token that no step keeps is dropped only if it is this one, which the caller
    /// revoked at the org; any other makes the plan refuse before changing anything.
    OnlyRevoked(Option<Secret>),
}

impl Plan {
    fn write(connection: &str, values: Vec<(EntryKind, Secret)>) -> Plan {
        Plan {
            connection: connection.to_owned(),
            steps: values
                .into_iter()
                .map(|(kind, value)| Step::Write {
                    name: connection.to_owned(),
                    kind,
                    value: Value::Given(value),
                })
                .collect(),
            tokens: TokenRule::Unchecked,
        }
    }

    fn delete(connection: &str, kinds: Vec<EntryKind>) -> Plan {
        Plan {
            connection: connection.to_owned(),
            steps: kinds
                .into_iter()
                .map(|kind| Step::Delete {
                    name: connection.to_owned(),
                    kind,
                })
                .collect(),
            tokens: TokenRule::Unchecked,
        }
    }

    /// Only these values, under the connection's name.
    pub(crate) fn set(
        connection: &str,
        values: Vec<(EntryKind, Secret)>,
        tokens: TokenRule,
    ) -> Plan {
        Plan {
            tokens,
            ..Plan::write(connection, values)
        }
    }

    /// These entries of the connection gone.
    pub(crate) fn remove(connection: &str, kinds: Vec<EntryKind>, tokens: TokenRule) -> Plan {
        Plan {
            tokens,
            ..Plan::delete(connection, kinds)
        }
    }

    /// The connection's entries under `from` become exactly `to`'s `values` (each given, or
    /// moved from `from`): entries under `to` that are already right are written over, never
    /// deleted first; the others under `to` are deleted, and so is everything under `from`
    /// when the names differ. Some keychains (Windows) compare names ignoring case, so for a
    /// change of case only the old entries go first: deleting them after the write would
    /// delete the new ones. Otherwise the new ones are written first, so that a crash part-way
    /// leaves the connection readable under one name or the other.
    pub(crate) fn reshape(
        from: &str,
        to: &str,
        values: Vec<(EntryKind, Value)>,
        tokens: TokenRule,
    ) -> Plan {
        let kept: Vec<EntryKind> = values.iter().map(|(kind, _)| *kind).collect();
        let writes = values.into_iter().map(|(kind, value)| Step::Write {
            name: to.to_owned(),
            kind,
            value,
        });
        let clear_to = EntryKind::ALL
            .into_iter()
            .filter(|kind| !kept.contains(kind))
            .map(|kind| Step::Delete {
                name: to.to_owned(),
                kind,
            });
        let clear_from: Vec<Step> = if from == to {
            Vec::new()
        } else {
            EntryKind::ALL
                .into_iter()
                .map(|kind| Step::Delete {
                    name: from.to_owned(),
                    kind,
                })
                .collect()
        };
        let case_only = from != to && from.to_lowercase() == to.to_lowercase();
        let steps = if case_only {
            clear_from
                .into_iter()
                .chain(writes)
                .chain(clear_to)
                .collect()
        } else {
            writes.chain(clear_to).chain(clear_from).collect()
        };
        Plan {
            connection: to.to_owned(),
            steps,
            tokens,
        }
    }

    /// Runs the steps, recording each entry before it changes; on a failure puts every one
    /// back (last first) and says whether that worked.
    fn carry_out(self, entries: &Entries) -> Result<Vec<Change>, VaultError> {
        // Moved values are read before anything changes: a case-only rename deletes them first.
        let mut moved = Vec::new();
        for step in &self.steps {
            if let Step::Write {
                kind,
                value: Value::Moved(from),
                ..
            } = step
            {
                moved.push(((from.clone(), *kind), entries.read(from, *kind)?));
            }
        }
        let moved_value = |from: &str, kind: EntryKind| {
            moved
                .iter()
                .find(|((name, k), _)| name == from && *k == kind)
                .and_then(|(_, value)| value.clone())
        };
        self.check_tokens(entries, &moved_value)?;
        let mut changes: Vec<Change> = Vec::new();
        for step in &self.steps {
            let (name, kind) = match step {
                Step::Write { name, kind, .. } | Step::Delete { name, kind } => (name, *kind),
            };
            let done = entries.read(name, kind).and_then(|before| {
                // A value the admin gave is written as a password, so each platform stores it
                // in its own text encoding (Credential Manager: UTF-16) and reads it back as
                // text; a moved one is copied as the platform stored it.
                let write = match step {
                    Step::Write {
                        value: Value::Given(secret),
                        ..
                    } => Some(Write::Text(secret.expose())),
                    Step::Write {
                        value: Value::Moved(from),
                        ..
                    } => moved_value(from, kind).map(Write::Stored),
                    Step::Delete { .. } => None,
                };
                if before.is_none() && write.is_none() {
                    return Ok(());
                }
                changes.push(Change {
                    name: name.clone(),
                    kind,
                    before,
                });
                match write {
                    Some(Write::Text(text)) => entries.entry(name, kind)?.set_password(text),
                    Some(Write::Stored(bytes)) => entries.entry(name, kind)?.set_secret(&bytes.0),
                    None => entries.delete(name, kind),
                }
            });
            if let Err(err) = done {
                let failure = VaultError::from(err);
                return Err(match entries.put_back(&changes) {
                    Ok(()) => failure,
                    Err(rollback) => VaultError::RollbackFailed {
                        name: self.connection.clone(),
                        failure: failure.to_string(),
                        rollback: VaultError::from(rollback).to_string(),
                    },
                });
            }
        }
        Ok(changes)
    }

    /// Refuses, before any change, a plan that would drop a refresh token nobody revoked.
    fn check_tokens(
        &self,
        entries: &Entries,
        moved_value: &dyn Fn(&str, EntryKind) -> Option<Stored>,
    ) -> Result<(), VaultError> {
        let TokenRule::OnlyRevoked(revoked) = &self.tokens else {
            return Ok(());
        };
        let mut touched: Vec<&str> = Vec::new();
        // Tokens that stay: copied as stored, or given as text. The entry is read as text for
        // the given and the revoked one, since each platform stores text in its own encoding.
        let mut kept: Vec<Stored> = Vec::new();
        let mut kept_text: Vec<&str> = Vec::new();
        for step in &self.steps {
            match step {
                Step::Write {
                    name,
                    kind: EntryKind::RefreshToken,
                    value,
                } => {
                    touched.push(name);
                    match value {
                        Value::Given(secret) => kept_text.push(secret.expose()),
                        Value::Moved(from) => {
                            kept.extend(moved_value(from, EntryKind::RefreshToken));
                        }
                    }
                }
                Step::Delete {
                    name,
                    kind: EntryKind::RefreshToken,
                } => touched.push(name),
                _ => {}
            }
        }
        for name in touched {
            let Some(text) = entries.read_text(name, EntryKind::RefreshToken)? else {
                continue;
            };
            let given = kept_text.iter().any(|k| *k == text.as_str());
            let revoked = revoked
                .as_ref()
                .is_some_and(|r| r.expose() == text.as_str());
            // A copied token is compared as the platform stored it; read only when there is one.
            let copied = !kept.is_empty()
                && entries
                    .read(name, EntryKind::RefreshToken)?
                    .is_some_and(|token| kept.iter().any(|k| *k.0 == *token.0));
            if !given && !copied && !revoked {
                return Err(VaultError::TokenNotRevoked(self.connection.clone()));
            }
        }
        Ok(())
    }
}

/// The entries under one service name: what a call works on.
struct Entries {
    store: Option<Arc<CredentialStore>>,
    service: String,
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

    fn entry(&self, connection: &str, kind: EntryKind) -> keyring_core::Result<Entry> {
        let account = account(connection, kind);
        match &self.store {
            Some(store) => store.build(&self.service, &account, None),
            None => keyring::Entry::new(&self.service, &account).map(|entry| entry.inner),
        }
    }

    fn read(&self, connection: &str, kind: EntryKind) -> keyring_core::Result<Option<Stored>> {
        match self.entry(connection, kind)?.get_secret() {
            Ok(bytes) => Ok(Some(Stored(Zeroizing::new(bytes)))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// The entry as text, decoded the way this platform stores text.
    fn read_text(
        &self,
        connection: &str,
        kind: EntryKind,
    ) -> keyring_core::Result<Option<Zeroizing<String>>> {
        match self.entry(connection, kind)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(err) => Err(err),
        }
    }

    fn delete(&self, connection: &str, kind: EntryKind) -> keyring_core::Result<()> {
        match self.entry(connection, kind)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// Writes back each entry as it was (deleting those there were none of), the last changed
    /// first: on a keychain that takes two names differing in case for one entry, a case-only
    /// rename's new entry must go before the old one is written back. Tries every one, and
    /// returns the first failure.
    fn put_back(&self, changes: &[Change]) -> keyring_core::Result<()> {
        let mut first_failure = Ok(());
        for change in changes.iter().rev() {
            let result = match &change.before {
                Some(bytes) => self
                    .entry(&change.name, change.kind)
                    .and_then(|entry| entry.set_secret(&bytes.0)),
                None => self.delete(&change.name, change.kind),
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
            // A refused change has put back what it wrote already, or says it could not.
            Err(VaultError::RollbackFailed { rollback, .. }) => LateOutcome::UndoFailed(rollback),
            Err(_) => LateOutcome::NothingChanged,
            Ok(done) if done.keep_if_late => LateOutcome::Kept,
            Ok(done) if done.before.is_empty() => LateOutcome::NothingChanged,
            Ok(done) => match self.put_back(&done.before) {
                Ok(()) => LateOutcome::Undone,
                Err(err) => LateOutcome::UndoFailed(VaultError::from(err).to_string()),
            },
        }
    }
}

/// A store over another whose every call waits a while first.
mod slow {
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::time::Duration;

    use keyring_core::api::{CredentialApi, CredentialStoreApi};
    use keyring_core::{Credential, CredentialStore, Entry};

    #[derive(Debug)]
    pub(super) struct Store {
        pub(super) inner: Arc<CredentialStore>,
        pub(super) delay: Duration,
    }

    impl CredentialStoreApi for Store {
        fn vendor(&self) -> String {
            format!("slow {}", self.inner.vendor())
        }

        fn id(&self) -> String {
            self.inner.id()
        }

        fn build(
            &self,
            service: &str,
            user: &str,
            modifiers: Option<&HashMap<&str, &str>>,
        ) -> keyring_core::Result<Entry> {
            let inner = self.inner.build(service, user, modifiers)?;
            let delay = self.delay;
            Ok(Entry::new_with_credential(Arc::new(Cred { inner, delay })))
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[derive(Debug)]
    struct Cred {
        inner: Entry,
        delay: Duration,
    }

    impl CredentialApi for Cred {
        fn set_secret(&self, secret: &[u8]) -> keyring_core::Result<()> {
            std::thread::sleep(self.delay);
            self.inner.set_secret(secret)
        }

        fn get_secret(&self) -> keyring_core::Result<Vec<u8>> {
            std::thread::sleep(self.delay);
            self.inner.get_secret()
        }

        fn delete_credential(&self) -> keyring_core::Result<()> {
            std::thread::sleep(self.delay);
            self.inner.delete_credential()
        }

        fn get_credential(&self) -> keyring_core::Result<Option<Arc<Credential>>> {
            Ok(None)
        }

        fn get_specifiers(&self) -> Option<(String, String)> {
            self.inner.get_specifiers()
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
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

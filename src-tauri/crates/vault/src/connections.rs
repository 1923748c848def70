//! Saved connections: the admin-named pairs of credentials the app keeps. What is not secret
//! (name, integration, org, timestamps) lives in `connections.json` in the app's data dir; the
//! key and secret live only in the keychain. No token is kept: verification revokes its own, and
//! a refresh token an earlier version kept is revoked and forgotten at the next verification.
//! A change never drops such a token unless its caller says it revoked it (the vault has no
//! HTTP; `eca-session` revokes). This file is the one API over both.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use eca_core::files::{
    read_versioned, write_private_json, FileError, FileLock, SetAside, Versioned,
};
use eca_core::inputs::FieldIssue;
use eca_core::secret::{mask_key, Secret};
use eca_core::setup::Timestamp;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::error::VaultError;
use crate::keychain::{EntryKind, Held, Keychain, Plan, TokenRule, Undo, Value};
use crate::paste::{check_credentials, CheckedCredentials, Severity, Stage};

/// The metadata file, in the app's data dir.
pub const CONNECTIONS_FILE: &str = "connections.json";

/// How long a change waits for another program's change to the connections. That one may be
/// waiting on the keychain (each call gives up after 10 seconds, or a keyring prompt is open):
/// long enough to outlast a few such calls, short enough for a person watching.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Bumped when the saved shape changes in a way older readers cannot handle.
const SCHEMA: u32 = 1;

/// The field id of the connection's name in the UI's form.
pub const NAME_FIELD: &str = "name";

/// Long enough for "Salesforce Production (EU) — Vonage AI Studio"; short enough for a list.
const MAX_NAME_CHARS: usize = 80;

/// A saved connection as lists show it. Holds nothing secret: the key only masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Connection {
    /// Chosen by the admin; unique ignoring case.
    pub name: String,
    /// The integration profile's id.
    pub profile_id: String,
    /// The saved setup it was created from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub setup_id: Option<String>,
    /// The org's host, for example acme.my.salesforce.com.
    pub org_host: String,
    /// A Practice mode connection (kept under its own keychain service name).
    #[serde(default)]
    pub practice: bool,
    /// The Consumer Key masked to its ends; the key itself is in the keychain.
    pub consumer_key_masked: String,
    #[ts(type = "string")]
    pub created_at: Timestamp,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub last_verified_at: Option<Timestamp>,
    // Earlier versions also saved `refresh_token_kept`; such files still load (the field is
    // ignored) and the token it stood for is revoked at the next verification.
}

/// What the admin gives for a new connection, besides the key and secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewConnection {
    pub name: String,
    pub profile_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub setup_id: Option<String>,
    pub org_host: String,
    #[serde(default)]
    pub practice: bool,
}

/// The saved connections, and any damaged file moved aside since the last listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionList {
    /// Sorted by name, ignoring case.
    pub connections: Vec<Connection>,
    pub set_aside: Vec<SetAside>,
}

/// A connection's credentials as read from the keychain, for the verification and nothing else.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub consumer_key: String,
    pub consumer_secret: Secret,
    /// A refresh token an earlier version of the app kept; nothing uses it, so verification
    /// revokes it and `forget_refresh_token` deletes it.
    pub refresh_token: Option<Secret>,
}

#[derive(Serialize, Deserialize)]
struct SavedFile {
    schema: u32,
    connections: Vec<Connection>,
}

/// Saved connections and their keychain entries. One per app; share it (it locks itself).
#[derive(Debug)]
pub struct Vault {
    file: PathBuf,
    keychain: Keychain,
    /// Serialises changes; holds the files set aside since the last listing.
    state: Mutex<Vec<SetAside>>,
}

impl Vault {
    /// The vault over `data_dir/connections.json` and `keychain`.
    pub fn new(data_dir: impl AsRef<Path>, keychain: Keychain) -> Vault {
        Vault {
            file: data_dir.as_ref().join(CONNECTIONS_FILE),
            keychain,
            state: Mutex::new(Vec::new()),
        }
    }

    /// The app's own: `eca_core::paths::data_dir()` and this build's keychain service name.
    pub fn open_default() -> Result<Vault, VaultError> {
        let dir = eca_core::paths::data_dir().ok_or(VaultError::NoDataDir)?;
        Ok(Vault::new(dir, Keychain::for_this_build()))
    }

    pub fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    pub async fn list(&self) -> Result<ConnectionList, VaultError> {
        let mut set_aside = self.state.lock().await;
        let connections = self.load(&mut set_aside).await?;
        Ok(ConnectionList {
            connections,
            set_aside: std::mem::take(&mut *set_aside),
        })
    }

    /// One connection, by name ignoring case.
    pub async fn get(&self, name: &str) -> Result<Connection, VaultError> {
        let mut set_aside = self.state.lock().await;
        let connections = self.load(&mut set_aside).await?;
        find(&connections, name).map(|i| connections[i].clone())
    }

    /// Checks the key and secret as on save, writes them to the keychain, then the metadata. If
    /// the keychain write fails, nothing is written to disk. A refresh token left under the name
    /// (by an earlier connection of that name) is dropped only if it is `revoked`, the one the
    /// caller revoked at the org (`kept_refresh_token` reads it); else nothing changes.
    pub async fn add(
        &self,
        new: NewConnection,
        consumer_key: &str,
        consumer_secret: &Secret,
        revoked: Option<&Secret>,
    ) -> Result<Connection, VaultError> {
        let (name, checked) = check_new(&new.name, consumer_key, consumer_secret)?;
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let connections = self.load(&mut set_aside).await?;
        if let Ok(i) = find(&connections, &name) {
            return Err(VaultError::Exists(connections[i].name.clone()));
        }
        self.insert(connections, None, new, name, checked, revoked, held)
            .await
    }

    /// Saves the connection like `add`, replacing the one of the same name (ignoring case) if
    /// there is one: the app's form saving again. The name, key and secret are checked before
    /// anything changes, so a bad paste leaves the old connection as it was. The old entries
    /// become the new ones in one keychain call, so a keychain that does not answer in time
    /// leaves the old ones whole; if the file then refuses, the old entries are put back. The
    /// old connection's refresh token (an earlier version kept it) goes only if it is
    /// `revoked`.
    pub async fn replace(
        &self,
        new: NewConnection,
        consumer_key: &str,
        consumer_secret: &Secret,
        revoked: Option<&Secret>,
    ) -> Result<Connection, VaultError> {
        let (name, checked) = check_new(&new.name, consumer_key, consumer_secret)?;
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let mut connections = self.load(&mut set_aside).await?;
        let Ok(index) = find(&connections, &name) else {
            return self
                .insert(connections, None, new, name, checked, revoked, held)
                .await;
        };
        if connections[index].practice != new.practice {
            // Their entries live under different service names, which one call cannot span;
            // a setup's connection never changes between the two.
            return Err(VaultError::Exists(connections[index].name.clone()));
        }
        let old = connections.remove(index);
        self.insert(connections, Some(old), new, name, checked, revoked, held)
            .await
    }

    /// Makes the keychain hold the checked credentials under `name` (and nothing under the old
    /// connection's name), then adds the connection to `connections` and saves the list; if
    /// saving fails, the keychain is put back as it was.
    #[allow(clippy::too_many_arguments)]
    async fn insert(
        &self,
        mut connections: Vec<Connection>,
        old: Option<Connection>,
        new: NewConnection,
        name: String,
        checked: CheckedCredentials,
        revoked: Option<&Secret>,
        held: Held,
    ) -> Result<Connection, VaultError> {
        let practice = new.practice;
        let from = old.as_ref().map_or(name.as_str(), |old| old.name.as_str());
        // A refresh token left under either name must not be taken for the new key's, nor
        // dropped while it is still valid.
        let values = vec![
            (
                EntryKind::ConsumerKey,
                Value::Given(Secret::new(checked.consumer_key.clone())),
            ),
            (
                EntryKind::ConsumerSecret,
                Value::Given(checked.consumer_secret),
            ),
        ];
        let plan = Plan::reshape(from, &name, values, only(revoked));
        let undo = self
            .keychain
            .apply(practice, plan, Some(Arc::clone(&held)))
            .await?;
        let connection = Connection {
            name: name.clone(),
            profile_id: new.profile_id,
            setup_id: new.setup_id,
            org_host: new.org_host,
            practice,
            consumer_key_masked: mask_key(&checked.consumer_key),
            created_at: Timestamp::now(),
            last_verified_at: None,
        };
        connections.push(connection.clone());
        self.save_or_roll_back(connections, practice, &name, undo, held)
            .await?;
        Ok(connection)
    }

    /// The refresh token an earlier version of the app kept under `name`, if the keychain holds
    /// one: what a caller revokes at the org before `add`, `replace`, `rename` or `remove` may
    /// drop it.
    pub async fn kept_refresh_token(
        &self,
        practice: bool,
        name: &str,
    ) -> Result<Option<Secret>, VaultError> {
        let kinds = vec![EntryKind::RefreshToken];
        Ok(self
            .keychain
            .get_all(practice, name.trim(), kinds)
            .await?
            .pop()
            .flatten())
    }

    /// The key, secret and (if kept) refresh token, read from the keychain.
    pub async fn credentials(&self, name: &str) -> Result<Credentials, VaultError> {
        let connection = self.get(name).await?;
        let kinds = vec![
            EntryKind::ConsumerKey,
            EntryKind::ConsumerSecret,
            EntryKind::RefreshToken,
        ];
        let mut values = self
            .keychain
            .get_all(connection.practice, &connection.name, kinds)
            .await?
            .into_iter();
        let mut next = |kind| {
            values.next().flatten().ok_or_else(|| VaultError::Missing {
                name: connection.name.clone(),
                kind,
            })
        };
        let consumer_key = next(EntryKind::ConsumerKey)?.expose().to_owned();
        let consumer_secret = next(EntryKind::ConsumerSecret)?;
        let refresh_token = next(EntryKind::RefreshToken).ok();
        Ok(Credentials {
            consumer_key,
            consumer_secret,
            refresh_token,
        })
    }

    /// Renames the connection, moving every keychain entry to the new name in one keychain
    /// call. A refresh token already under the new name (left by an earlier connection of that
    /// name) is dropped only if it is `revoked`.
    pub async fn rename(
        &self,
        name: &str,
        new_name: &str,
        revoked: Option<&Secret>,
    ) -> Result<Connection, VaultError> {
        let new_name = check_name(new_name)?;
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let mut connections = self.load(&mut set_aside).await?;
        let index = find(&connections, name)?;
        let old = connections[index].clone();
        if old.name == new_name {
            return Ok(old);
        }
        if let Some(other) = connections
            .iter()
            .enumerate()
            .find(|(i, c)| *i != index && same_name(&c.name, &new_name))
        {
            return Err(VaultError::Exists(other.1.name.clone()));
        }
        let practice = old.practice;
        // A connection without its key or secret is not moved: the admin is told what is
        // missing rather than left with a renamed connection that cannot be verified.
        self.read_entries(&old).await?;
        let values = EntryKind::ALL
            .into_iter()
            .map(|kind| (kind, Value::Moved(old.name.clone())))
            .collect();
        let plan = Plan::reshape(&old.name, &new_name, values, only(revoked));
        let undo = self
            .keychain
            .apply(practice, plan, Some(Arc::clone(&held)))
            .await?;
        connections[index].name = new_name.clone();
        let renamed = connections[index].clone();
        self.save_or_roll_back(connections, practice, &new_name, undo, held)
            .await?;
        Ok(renamed)
    }

    /// Replaces the Consumer Secret (after a rotation in Salesforce). The new secret is checked
    /// as on save, and the connection counts as not verified until it is verified again.
    pub async fn replace_secret(
        &self,
        name: &str,
        consumer_secret: &Secret,
    ) -> Result<Connection, VaultError> {
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let mut connections = self.load(&mut set_aside).await?;
        let index = find(&connections, name)?;
        let connection = &connections[index];
        let key = self
            .keychain
            .get_all(
                connection.practice,
                &connection.name,
                vec![EntryKind::ConsumerKey],
            )
            .await?
            .pop()
            .flatten()
            .ok_or_else(|| VaultError::Missing {
                name: connection.name.clone(),
                kind: EntryKind::ConsumerKey,
            })?;
        let checked = check_credentials(key.expose(), consumer_secret, Stage::Save);
        if !checked.report.can_save {
            return Err(invalid_credentials(&checked.report.issues));
        }
        let (practice, keychain_name) = (connection.practice, connection.name.clone());
        let values = vec![(EntryKind::ConsumerSecret, checked.consumer_secret)];
        let plan = Plan::set(&keychain_name, values, TokenRule::Unchecked);
        let undo = self
            .keychain
            .apply(practice, plan, Some(Arc::clone(&held)))
            .await?;
        connections[index].last_verified_at = None;
        let updated = connections[index].clone();
        self.save_or_roll_back(connections, practice, &keychain_name, undo, held)
            .await?;
        Ok(updated)
    }

    /// Deletes the refresh token an earlier version kept, once it is revoked: `revoked` is the
    /// token the caller revoked, and a different one in the keychain is kept.
    pub async fn forget_refresh_token(
        &self,
        name: &str,
        revoked: &Secret,
    ) -> Result<Connection, VaultError> {
        let forget = |name: &str| {
            let kinds = vec![EntryKind::RefreshToken];
            Plan::remove(name, kinds, only(Some(revoked)))
        };
        self.update(name, Some(&forget), |_| {}).await
    }

    /// Records that the connection was verified now.
    pub async fn mark_verified(&self, name: &str) -> Result<Connection, VaultError> {
        self.update(name, None, |c| c.last_verified_at = Some(Timestamp::now()))
            .await
    }

    /// Deletes every keychain entry of the connection in one call, then its metadata. If the
    /// keychain cannot be reached the connection stays listed, so the admin can try again. Its
    /// refresh token (an earlier version kept it) goes only if it is `revoked`; otherwise
    /// nothing changes.
    pub async fn remove(
        &self,
        name: &str,
        revoked: Option<&Secret>,
    ) -> Result<Connection, VaultError> {
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let mut connections = self.load(&mut set_aside).await?;
        let index = find(&connections, name)?;
        let removed = connections.remove(index);
        let plan = Plan::remove(&removed.name, EntryKind::ALL.to_vec(), only(revoked));
        let undo = self
            .keychain
            .apply(removed.practice, plan, Some(Arc::clone(&held)))
            .await?;
        self.save_or_roll_back(connections, removed.practice, &removed.name, undo, held)
            .await?;
        Ok(removed)
    }

    /// Changes the connection's keychain entries (if asked), then its metadata, and saves.
    async fn update(
        &self,
        name: &str,
        plan: Option<&(dyn Fn(&str) -> Plan + Sync)>,
        change: impl FnOnce(&mut Connection),
    ) -> Result<Connection, VaultError> {
        let mut set_aside = self.state.lock().await;
        let held = self.hold().await?;
        let mut connections = self.load(&mut set_aside).await?;
        let index = find(&connections, name)?;
        let (practice, keychain_name) =
            (connections[index].practice, connections[index].name.clone());
        change(&mut connections[index]);
        let updated = connections[index].clone();
        match plan {
            Some(plan) => {
                let undo = self
                    .keychain
                    .apply(practice, plan(&keychain_name), Some(Arc::clone(&held)))
                    .await?;
                self.save_or_roll_back(connections, practice, &keychain_name, undo, held)
                    .await?;
            }
            None => self.save(connections).await?,
        }
        Ok(updated)
    }

    /// Saves the list; if that fails, puts back what `undo` records, so the keychain matches
    /// the list still on disk. A rollback that fails is said with the failure, never dropped.
    async fn save_or_roll_back(
        &self,
        connections: Vec<Connection>,
        practice: bool,
        name: &str,
        undo: Undo,
        held: Held,
    ) -> Result<(), VaultError> {
        let Err(failure) = self.save(connections).await else {
            return Ok(());
        };
        match self
            .keychain
            .roll_back(practice, name, undo, Some(held))
            .await
        {
            Ok(()) => Err(failure),
            Err(rollback) => Err(VaultError::RollbackFailed {
                name: name.to_owned(),
                failure: failure.to_string(),
                rollback: rollback.to_string(),
            }),
        }
    }

    /// Every entry the connection has, to move them.
    async fn read_entries(
        &self,
        connection: &Connection,
    ) -> Result<Vec<(EntryKind, Secret)>, VaultError> {
        let values = self
            .keychain
            .get_all(
                connection.practice,
                &connection.name,
                EntryKind::ALL.to_vec(),
            )
            .await?;
        let mut entries = Vec::new();
        for (kind, value) in EntryKind::ALL.into_iter().zip(values) {
            match value {
                Some(value) => entries.push((kind, value)),
                None if kind == EntryKind::RefreshToken => {}
                None => {
                    return Err(VaultError::Missing {
                        name: connection.name.clone(),
                        kind,
                    })
                }
            }
        }
        Ok(entries)
    }

    /// Locks the connections against other programs (a second window, the command line) for
    /// one whole change: the list read, the keychain entries written or deleted, the list
    /// saved. Another program's change cannot then drop this one's list entry and leave its
    /// keychain entries behind with nothing to remove them by. Reading needs no lock: saves are
    /// atomic.
    ///
    /// The lock goes with each keychain call of the change: a call that answers after its
    /// timeout keeps it until what it changed is put back, so no other program changes the
    /// connections in between and has its entries undone.
    async fn hold(&self) -> Result<Held, VaultError> {
        let path = self.file.with_extension("json.lock");
        let lock = blocking(move || FileLock::acquire(&path, LOCK_WAIT)).await?;
        Ok(Arc::new(lock))
    }

    async fn load(&self, set_aside: &mut Vec<SetAside>) -> Result<Vec<Connection>, VaultError> {
        let file = self.file.clone();
        let (connections, moved) = blocking(move || read_file(&file)).await?;
        set_aside.extend(moved);
        Ok(connections)
    }

    async fn save(&self, mut connections: Vec<Connection>) -> Result<(), VaultError> {
        connections.sort_by_key(|c| (c.name.to_lowercase(), c.name.clone()));
        let file = self.file.clone();
        blocking(move || {
            let saved = SavedFile {
                schema: SCHEMA,
                connections,
            };
            write_private_json(&file, &saved)
        })
        .await
        .map_err(VaultError::from)
    }
}

/// Only the refresh token the caller revoked may be dropped.
fn only(revoked: Option<&Secret>) -> TokenRule {
    TokenRule::OnlyRevoked(revoked.cloned())
}

/// File work on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, FileError> + Send + 'static,
) -> Result<T, FileError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|join| {
            Err(FileError::Io {
                action: "read or write",
                path: PathBuf::from(CONNECTIONS_FILE),
                source: io::Error::other(join.to_string()),
            })
        })
}

/// The saved connections; a file that cannot be read is moved aside (and reported), never a
/// reason to crash or to lose the next save.
fn read_file(path: &Path) -> Result<(Vec<Connection>, Option<SetAside>), FileError> {
    Ok(match read_versioned::<SavedFile>(path, SCHEMA)? {
        Versioned::Read(saved) => (saved.connections, None),
        Versioned::Missing => (Vec::new(), None),
        Versioned::SetAside(note) => (Vec::new(), Some(note)),
    })
}

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn find(connections: &[Connection], name: &str) -> Result<usize, VaultError> {
    let name = name.trim();
    connections
        .iter()
        .position(|c| c.name == name)
        .or_else(|| connections.iter().position(|c| same_name(&c.name, name)))
        .ok_or_else(|| VaultError::NotFound(name.to_owned()))
}

/// The name trimmed and the credentials as they will be saved, or why they cannot be.
fn check_new(
    name: &str,
    consumer_key: &str,
    consumer_secret: &Secret,
) -> Result<(String, CheckedCredentials), VaultError> {
    let name = check_name(name)?;
    let checked = check_credentials(consumer_key, consumer_secret, Stage::Save);
    if !checked.report.can_save {
        return Err(invalid_credentials(&checked.report.issues));
    }
    Ok((name, checked))
}

/// The name trimmed, or the sentence saying why it cannot be used.
pub fn check_name(raw: &str) -> Result<String, VaultError> {
    let name = raw.trim();
    let problem = if name.is_empty() {
        Some("Give this connection a name.".to_owned())
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!(
            "Keep the name to {MAX_NAME_CHARS} characters or fewer."
        ))
    } else if name.chars().any(char::is_control) {
        Some("The name cannot contain line breaks or tabs.".to_owned())
    } else {
        None
    };
    match problem {
        Some(message) => Err(VaultError::InvalidName(FieldIssue::new(
            NAME_FIELD,
            message,
            "Name it after the org, for example “Salesforce Production” or “Salesforce QA”.",
        ))),
        None => Ok(name.to_owned()),
    }
}

fn invalid_credentials(issues: &[crate::paste::PasteIssue]) -> VaultError {
    VaultError::InvalidCredentials(
        issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .map(|issue| FieldIssue::new(&issue.field, &issue.message, &issue.hint))
            .collect(),
    )
}

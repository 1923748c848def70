//! What the practice org has handed out and still honours: authorization codes (single use,
//! fifteen minutes), access tokens (two hours, like a default session), and refresh tokens
//! (until revoked, rotated away, or refused by the refresh token policy).

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::data::org_id_15;
use crate::mint;
use crate::org::App;

const CODE_LIFETIME: Duration = Duration::from_secs(15 * 60);
const SESSION_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// An authorization code waiting to be exchanged.
#[derive(Debug, Clone)]
pub struct PendingCode {
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub challenge: Option<String>,
    pub user_id: String,
    /// The app the code was issued to; only that app may exchange it.
    pub app: App,
    expires: SystemTime,
}

impl PendingCode {
    pub fn new(
        redirect_uri: String,
        scope: Vec<String>,
        challenge: Option<String>,
        user_id: String,
        app: App,
    ) -> PendingCode {
        PendingCode {
            redirect_uri,
            scope,
            challenge,
            user_id,
            app,
            expires: SystemTime::now() + CODE_LIFETIME,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AccessGrant {
    pub user_id: String,
    pub scope: Vec<String>,
    pub issued: SystemTime,
    pub expires: SystemTime,
    /// The refresh token this session came from or came with; revoking it ends the session.
    pub refresh: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub user_id: String,
    pub scope: Vec<String>,
    pub issued: SystemTime,
}

#[derive(Debug, Default)]
pub struct Grants {
    codes: HashMap<String, PendingCode>,
    access: HashMap<String, AccessGrant>,
    refresh: HashMap<String, RefreshGrant>,
}

impl Grants {
    pub fn add_code(&mut self, pending: PendingCode) -> String {
        let code = mint::authorization_code();
        self.codes.insert(code.clone(), pending);
        code
    }

    /// The code's grant, which is used up by asking; `None` when unknown, used or expired.
    pub fn take_code(&mut self, code: &str) -> Option<PendingCode> {
        self.codes
            .remove(code)
            .filter(|pending| pending.expires > SystemTime::now())
    }

    /// A new access token for the user, tied to a refresh token when there is one.
    pub fn add_access(
        &mut self,
        user_id: &str,
        scope: &[String],
        refresh: Option<&str>,
    ) -> (String, AccessGrant) {
        let now = SystemTime::now();
        let grant = AccessGrant {
            user_id: user_id.to_owned(),
            scope: scope.to_vec(),
            issued: now,
            expires: now + SESSION_LIFETIME,
            refresh: refresh.map(String::from),
        };
        let token = mint::access_token(org_id_15());
        self.access.insert(token.clone(), grant.clone());
        (token, grant)
    }

    pub fn add_refresh(&mut self, user_id: &str, scope: &[String]) -> String {
        let token = mint::refresh_token();
        let grant = RefreshGrant {
            user_id: user_id.to_owned(),
            scope: scope.to_vec(),
            issued: SystemTime::now(),
        };
        self.refresh.insert(token.clone(), grant);
        token
    }

    /// A live access token's grant; `None` when unknown, revoked or expired.
    pub fn access(&self, token: &str) -> Option<&AccessGrant> {
        self.access
            .get(token)
            .filter(|grant| grant.expires > SystemTime::now())
    }

    pub fn refresh(&self, token: &str) -> Option<&RefreshGrant> {
        self.refresh.get(token)
    }

    /// How many access tokens and refresh tokens the org still honours.
    pub fn live(&self) -> (usize, usize) {
        let now = SystemTime::now();
        let access = self.access.values().filter(|g| g.expires > now).count();
        (access, self.refresh.len())
    }

    /// The live refresh tokens, oldest first: what OauthToken lists.
    pub fn refresh_grants(&self) -> Vec<(&str, &RefreshGrant)> {
        let mut grants: Vec<(&str, &RefreshGrant)> = self
            .refresh
            .iter()
            .map(|(token, grant)| (token.as_str(), grant))
            .collect();
        grants.sort_by_key(|(_, grant)| grant.issued);
        grants
    }

    /// How often a refresh token's grant was used (its sessions, the first included) and when
    /// last.
    pub fn uses(&self, refresh: &str) -> (usize, Option<SystemTime>) {
        let sessions = self
            .access
            .values()
            .filter(|grant| grant.refresh.as_deref() == Some(refresh));
        sessions.fold((0, None), |(count, last), grant| {
            (count + 1, last.max(Some(grant.issued)))
        })
    }

    /// Revokes an access token; true when it was live.
    pub fn revoke_access(&mut self, token: &str) -> bool {
        self.access.remove(token).is_some()
    }

    /// Revokes a refresh token and every session that came from it; true when it was live.
    pub fn revoke_refresh(&mut self, token: &str) -> bool {
        let known = self.refresh.remove(token).is_some();
        if known {
            self.access
                .retain(|_, grant| grant.refresh.as_deref() != Some(token));
        }
        known
    }

    /// Rotation: the old refresh token dies and a new one with the same grant takes its place.
    /// The sessions already issued stay valid.
    pub fn rotate_refresh(&mut self, old: &str) -> Option<String> {
        let grant = self.refresh.remove(old)?;
        let new = mint::refresh_token();
        for session in self.access.values_mut() {
            if session.refresh.as_deref() == Some(old) {
                session.refresh = Some(new.clone());
            }
        }
        self.refresh.insert(new.clone(), grant);
        Some(new)
    }
}

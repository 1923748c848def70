//! Every app that signs in to the org, for the 20 February 2027 retirement of the
//! username-password flow: the connected apps (`ConnectedApplication`), every External Client
//! App (Metadata API `listMetadata`, used or not, with its label and, where the org lets it be
//! read, its callback URLs from `ExtlClntAppGlobalOauthSettings`) and every app named in
//! OAuth usage (`OauthToken`: `AppName`, `UseCount`, `LastUsedDate`) or in the last 30 days of
//! Login History (`LoginHistory`: `Application`, `LoginType`, `LoginSubType`), each with its
//! sign-ins by type, its username-password sign-ins named, the seed partner it most likely
//! belongs to (by callback URL where one was read, else by name), and whether Salesforce's Migrate button applies and which route the migration
//! path takes (`eca_core::migration`'s rules). CSV for the export. Reads only.

use std::collections::BTreeMap;

use eca_core::migration::{Migration, OldApp, Route};
use eca_core::setup::Timestamp;
use eca_core::Profile;
use serde::Serialize;
use ts_rs::TS;

use crate::error::OrgError;
use crate::metadata::{self, EXTERNAL_CLIENT_APPLICATION, GLOBAL_OAUTH_SETTINGS};
use crate::query::{query, text, Rows};
use crate::OrgSession;

/// How many days of Login History the inventory reads.
pub const LOGIN_DAYS: u32 = 30;

/// Where an app was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AppKind {
    /// Listed by `ConnectedApplication`.
    ConnectedApp,
    /// Listed by the Metadata API's `listMetadata` for `ExternalClientApplication`.
    ExternalClientApp,
    /// Named only by OAuth usage or Login History: an External Client App, or a connected app
    /// the user may not list.
    SeenInUse,
}

/// Whether Salesforce's Migrate to External Client App button applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MigrateButton {
    /// A connected app that does not sign in with a username and password: Salesforce shows the
    /// button when it is local (created in this org), which the org's lists do not say.
    IfLocal,
    /// It signs in with a username and password, which no External Client App accepts.
    NotForPasswordFlow,
    /// Not a connected app.
    NotAConnectedApp,
}

/// One kind of sign-in and how many in the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SignIns {
    pub login_type: String,
    pub login_sub_type: String,
    pub count: u32,
    pub username_password: bool,
}

/// The partner an app most likely belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LikelyPartner {
    pub profile_id: String,
    pub name: String,
    /// What matched: "callback URL" or "name".
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InventoryApp {
    pub name: String,
    pub kind: AppKind,
    /// An External Client App's API Name (its `fullName`).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_name: Option<String>,
    /// OAuth tokens (OauthToken rows) and the users they belong to.
    pub tokens: u32,
    pub users: u32,
    /// The tokens' `UseCount`, summed.
    pub use_count: u64,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    pub sign_ins: Vec<SignIns>,
    pub username_password_sign_ins: u32,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<LikelyPartner>,
    pub migrate_button: MigrateButton,
    /// The route the migration path takes for it; `None` when nothing needs to move.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
}

impl InventoryApp {
    pub fn in_use(&self) -> bool {
        self.tokens > 0 || !self.sign_ins.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Inventory {
    pub apps: Vec<InventoryApp>,
    /// What was left out or could not be read, in sentences.
    pub notes: Vec<String>,
}

/// Whether a Login History row is a username-password sign-in: its `LoginSubType` names the
/// flow ("OAuth Username-Password"; the picklist's exact values are not in the Object
/// Reference, so any subtype naming a username and password counts).
pub fn is_username_password(login_type: &str, sub_type: &str) -> bool {
    let text = format!("{login_type} {sub_type}").to_ascii_lowercase();
    text.contains("username-password") || text.contains("username password")
}

pub async fn inventory(session: &OrgSession, profiles: &[Profile]) -> Result<Inventory, OrgError> {
    let mut notes = Vec::new();
    let connected = optional(
        query(
            session,
            "ConnectedApplication",
            "SELECT Id, Name FROM ConnectedApplication",
        )
        .await,
        &mut notes,
    )?;
    let tokens = optional(
        query(
            session,
            "OauthToken",
            "SELECT AppName, UseCount, LastUsedDate, UserId FROM OauthToken",
        )
        .await,
        &mut notes,
    )?;
    let logins = optional(
        query(
            session,
            "LoginHistory",
            &format!("SELECT Application, LoginType, LoginSubType, LoginTime FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:{LOGIN_DAYS}"),
        )
        .await,
        &mut notes,
    )?;
    for (rows, object) in [
        (&connected, "ConnectedApplication"),
        (&tokens, "OauthToken"),
        (&logins, "LoginHistory"),
    ] {
        if rows.truncated {
            notes.push(format!(
                "{object}: only the first {} of {} rows were read.",
                rows.records.len(),
                rows.total
            ));
        }
    }
    notes.push(format!(
        "Login History: the last {LOGIN_DAYS} days only (Salesforce keeps six months)."
    ));
    let ecas = external_client_apps(session, &mut notes).await?;
    Ok(Inventory {
        apps: build(&connected, &tokens, &logins, &ecas, profiles),
        notes,
    })
}

/// An External Client App as the Metadata API lists and reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListedEca {
    pub api_name: String,
    /// Its `label`; `None` when it could not be read.
    pub label: Option<String>,
    /// Its callback URLs; `None` when the org would not show them.
    pub callback_urls: Option<Vec<String>>,
}

/// Every External Client App: listed, then read in batches (ten names per `readMetadata`) for
/// its label and its global OAuth settings. A refusal leaves what it would have added out and
/// says so.
async fn external_client_apps(
    session: &OrgSession,
    notes: &mut Vec<String>,
) -> Result<Vec<ListedEca>, OrgError> {
    let listed = match metadata::list(session, EXTERNAL_CLIENT_APPLICATION).await {
        Ok(listed) => listed,
        Err(err @ (OrgError::NoAccess { .. } | OrgError::UnknownType { .. })) => {
            notes.push(format!(
                "External Client Apps not listed: {} {}",
                err.message(),
                err.fix()
            ));
            return Ok(Vec::new());
        }
        Err(err) => return Err(err),
    };
    let mut ecas: Vec<ListedEca> = listed
        .into_iter()
        .map(|record| ListedEca {
            api_name: record.full_name,
            ..ListedEca::default()
        })
        .collect();
    let names: Vec<String> = ecas.iter().map(|eca| eca.api_name.clone()).collect();
    for batch in names.chunks(10) {
        match metadata::read(session, EXTERNAL_CLIENT_APPLICATION, batch).await {
            Ok(records) => {
                for record in records {
                    if let Some(eca) = ecas.iter_mut().find(|e| e.api_name == record.full_name) {
                        eca.label = record.get("label").map(str::to_owned);
                    }
                }
            }
            Err(err @ OrgError::NoAccess { .. }) => {
                notes.push(format!(
                    "External Client Apps are shown by API Name: {} {}",
                    err.message(),
                    err.fix()
                ));
                break;
            }
            Err(err) => return Err(err),
        }
    }
    // Each app's settings go by its API Name or Setup's `App_glbloauth`: two names an app.
    for batch in names.chunks(5) {
        let asked: Vec<String> = batch
            .iter()
            .flat_map(|name| [name.clone(), format!("{name}_glbloauth")])
            .collect();
        match metadata::read(session, GLOBAL_OAUTH_SETTINGS, &asked).await {
            Ok(records) => {
                for record in records {
                    let app = record.get("externalClientApplication").map_or_else(
                        || record.full_name.trim_end_matches("_glbloauth").to_owned(),
                        str::to_owned,
                    );
                    if let Some(eca) = ecas
                        .iter_mut()
                        .find(|e| e.api_name.eq_ignore_ascii_case(&app))
                    {
                        eca.callback_urls = Some(
                            record
                                .get("callbackUrl")
                                .unwrap_or("")
                                .lines()
                                .map(str::trim)
                                .filter(|url| !url.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        );
                    }
                }
            }
            Err(err @ OrgError::NoAccess { .. }) => {
                notes.push(format!(
                    "External Client Apps' callback URLs not shown, so their partners are matched by name only: {} {}",
                    err.message(),
                    err.fix()
                ));
                break;
            }
            Err(err) => return Err(err),
        }
    }
    Ok(ecas)
}

/// A refused object leaves its column empty and says so; anything else stops the inventory.
fn optional(result: Result<Rows, OrgError>, notes: &mut Vec<String>) -> Result<Rows, OrgError> {
    match result {
        Ok(rows) => Ok(rows),
        Err(err @ OrgError::NoAccess { .. }) => {
            notes.push(format!("{} {}", err.message(), err.fix()));
            Ok(Rows::default())
        }
        Err(err) => Err(err),
    }
}

/// The apps from the four lists, in-use ones first, then by name. An External Client App goes
/// by its label (what OAuth usage and Login History name it by), else its API Name.
pub fn build(
    connected: &Rows,
    tokens: &Rows,
    logins: &Rows,
    ecas: &[ListedEca],
    profiles: &[Profile],
) -> Vec<InventoryApp> {
    let mut apps: BTreeMap<String, InventoryApp> = BTreeMap::new();
    for record in &connected.records {
        entry(&mut apps, &text(record, "Name"), AppKind::ConnectedApp);
    }
    let mut callbacks: BTreeMap<String, &[String]> = BTreeMap::new();
    for eca in ecas {
        let name = eca.label.as_deref().unwrap_or(&eca.api_name);
        if let Some(app) = entry(&mut apps, name, AppKind::ExternalClientApp) {
            app.api_name = Some(eca.api_name.clone());
            if let Some(urls) = &eca.callback_urls {
                callbacks.insert(name.trim().to_ascii_lowercase(), urls);
            }
        }
    }
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in &tokens.records {
        let name = text(record, "AppName");
        let Some(app) = entry(&mut apps, &name, AppKind::SeenInUse) else {
            continue;
        };
        app.tokens += 1;
        app.use_count += text(record, "UseCount").parse::<u64>().unwrap_or(0);
        let last = text(record, "LastUsedDate");
        if !last.is_empty()
            && app
                .last_used
                .as_deref()
                .is_none_or(|seen| seen < last.as_str())
        {
            app.last_used = Some(last);
        }
        let seen = users.entry(name.trim().to_ascii_lowercase()).or_default();
        let user = text(record, "UserId");
        if !seen.contains(&user) {
            seen.push(user);
        }
    }
    for record in &logins.records {
        let (login_type, sub_type) = (text(record, "LoginType"), text(record, "LoginSubType"));
        let Some(app) = entry(&mut apps, &text(record, "Application"), AppKind::SeenInUse) else {
            continue;
        };
        let password = is_username_password(&login_type, &sub_type);
        if password {
            app.username_password_sign_ins += 1;
        }
        match app
            .sign_ins
            .iter_mut()
            .find(|s| s.login_type == login_type && s.login_sub_type == sub_type)
        {
            Some(row) => row.count += 1,
            None => app.sign_ins.push(SignIns {
                login_type,
                login_sub_type: sub_type,
                count: 1,
                username_password: password,
            }),
        }
    }
    let mut list: Vec<InventoryApp> = apps
        .into_iter()
        .map(|(key, mut app)| {
            app.users = users.get(&key).map_or(0, |u| u.len() as u32);
            app.partner = callbacks
                .get(&key)
                .and_then(|urls| partner_by_callback(urls, profiles))
                .or_else(|| likely_partner(&app.name, profiles));
            let password = app.username_password_sign_ins > 0;
            (app.migrate_button, app.route) = match app.kind {
                AppKind::ConnectedApp => {
                    let profile = app
                        .partner
                        .as_ref()
                        .and_then(|p| profiles.iter().find(|profile| profile.id == p.profile_id))
                        .or_else(|| profiles.iter().find(|profile| profile.editable));
                    let button = if password {
                        MigrateButton::NotForPasswordFlow
                    } else {
                        MigrateButton::IfLocal
                    };
                    (button, profile.and_then(|profile| route(profile, password)))
                }
                AppKind::ExternalClientApp => (MigrateButton::NotAConnectedApp, None),
                AppKind::SeenInUse if password => (
                    MigrateButton::NotAConnectedApp,
                    Some(Route::ClientCredentials),
                ),
                AppKind::SeenInUse => (MigrateButton::NotAConnectedApp, None),
            };
            app
        })
        .collect();
    list.sort_by(|a, b| {
        b.in_use()
            .cmp(&a.in_use())
            .then_with(|| a.name.cmp(&b.name))
    });
    list
}

/// The app named `name`, added as `kind` when new; a connected app stays one.
fn entry<'a>(
    apps: &'a mut BTreeMap<String, InventoryApp>,
    name: &str,
    kind: AppKind,
) -> Option<&'a mut InventoryApp> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let app = apps
        .entry(name.to_ascii_lowercase())
        .or_insert_with(|| InventoryApp {
            name: name.to_owned(),
            kind,
            api_name: None,
            tokens: 0,
            users: 0,
            use_count: 0,
            last_used: None,
            sign_ins: Vec::new(),
            username_password_sign_ins: 0,
            partner: None,
            migrate_button: MigrateButton::NotAConnectedApp,
            route: None,
        });
    // A connected app stays one; an External Client App is more than "seen in use".
    if kind == AppKind::ConnectedApp
        || (kind == AppKind::ExternalClientApp && app.kind == AppKind::SeenInUse)
    {
        app.kind = kind;
    }
    Some(app)
}

/// The route the migration path offers first for a local connected app (`Migration::offers`).
fn route(profile: &Profile, password_flow: bool) -> Option<Route> {
    let migration = Migration {
        old_app: Some(OldApp {
            name: String::new(),
            local: true,
            users: None,
            recorded_at: Timestamp::now(),
        }),
        password_flow: Some(password_flow),
        ..Migration::default()
    };
    [Route::ClientCredentials, Route::InPlace, Route::NewEca]
        .into_iter()
        .find(|route| migration.offers(profile, *route))
}

/// The seed partner one of whose callback URL templates produces one of `urls`; the most
/// specific template (the most fixed text) wins when several do.
pub fn partner_by_callback(urls: &[String], profiles: &[Profile]) -> Option<LikelyPartner> {
    profiles
        .iter()
        .filter(|profile| !profile.editable)
        .filter_map(|profile| {
            let fixed = profile
                .eca
                .callback_urls
                .value
                .iter()
                .filter(|template| urls.iter().any(|url| callback_matches(template, url)))
                .map(|template| fixed_len(template))
                .max()?;
            Some((fixed, profile))
        })
        .max_by_key(|(fixed, _)| *fixed)
        .map(|(_, profile)| LikelyPartner {
            profile_id: profile.id.clone(),
            name: profile.name.clone(),
            by: "callback URL".into(),
        })
}

/// A callback template's pieces: fixed text, and `{input}` holes.
fn pieces(template: &str) -> Vec<Option<String>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            pieces.push(Some(rest[..open].to_owned()));
        }
        pieces.push(None);
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Some(rest.to_owned()));
    }
    pieces
}

fn fixed_len(template: &str) -> usize {
    pieces(template).iter().flatten().map(String::len).sum()
}

/// Whether `url` is one `template` makes: its fixed parts in place (case aside, a trailing slash
/// aside), each `{input}` some text without a slash (a host, a tenant).
pub fn callback_matches(template: &str, url: &str) -> bool {
    fn normal(text: &str) -> String {
        text.trim().trim_end_matches('/').to_ascii_lowercase()
    }
    fn matches(pieces: &[Option<String>], url: &str) -> bool {
        match pieces.split_first() {
            None => url.is_empty(),
            Some((Some(fixed), rest)) => url
                .strip_prefix(fixed.as_str())
                .is_some_and(|after| matches(rest, after)),
            Some((None, rest)) => url
                .char_indices()
                .take_while(|(_, c)| *c != '/')
                .any(|(at, c)| matches(rest, &url[at + c.len_utf8()..])),
        }
    }
    let pieces: Vec<Option<String>> = pieces(&normal(template));
    !pieces.is_empty() && matches(&pieces, &normal(url))
}

/// The seed partner whose name or suggested app name the app's name contains (or the reverse).
fn likely_partner(name: &str, profiles: &[Profile]) -> Option<LikelyPartner> {
    let name = name.to_ascii_lowercase();
    profiles
        .iter()
        .filter(|profile| !profile.editable)
        .find(|profile| {
            let partner = profile.name.to_ascii_lowercase();
            let app = profile.app_name.value.to_ascii_lowercase();
            let first = partner.split_whitespace().next().unwrap_or("");
            name.contains(&partner)
                || name.contains(&app)
                || (first.len() >= 4 && name.contains(first))
        })
        .map(|profile| LikelyPartner {
            profile_id: profile.id.clone(),
            name: profile.name.clone(),
            by: "name".into(),
        })
}

impl Inventory {
    /// One row per app: RFC 4180 quoting, a header first.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "App,Kind,Tokens,Users,Use count,Last used,Sign-ins (30 days),Username-password sign-ins,Likely partner,Partner matched by,Migrate button,Route\n",
        );
        for app in &self.apps {
            let sign_ins = app
                .sign_ins
                .iter()
                .map(|s| format!("{} / {}: {}", s.login_type, s.login_sub_type, s.count))
                .collect::<Vec<_>>()
                .join("; ");
            let fields = [
                app.name.clone(),
                match app.kind {
                    AppKind::ConnectedApp => "connected app".into(),
                    AppKind::ExternalClientApp => "External Client App".into(),
                    AppKind::SeenInUse => "seen in use".into(),
                },
                app.tokens.to_string(),
                app.users.to_string(),
                app.use_count.to_string(),
                app.last_used.clone().unwrap_or_default(),
                sign_ins,
                app.username_password_sign_ins.to_string(),
                app.partner
                    .as_ref()
                    .map_or_else(|| "unknown".into(), |p| p.name.clone()),
                app.partner
                    .as_ref()
                    .map_or_else(String::new, |p| p.by.clone()),
                migrate_text(app.migrate_button).into(),
                app.route.map(Route::as_str).unwrap_or("").into(),
            ];
            let row: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    }
}

pub fn migrate_text(button: MigrateButton) -> &'static str {
    match button {
        MigrateButton::IfLocal => "applies if the app is local",
        MigrateButton::NotForPasswordFlow => "no: it signs in with a username and password",
        MigrateButton::NotAConnectedApp => "no: not a connected app",
    }
}

fn csv_field(text: &str) -> String {
    // A cell a spreadsheet would read as a formula is quoted with a leading apostrophe.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows(records: Vec<serde_json::Value>) -> Rows {
        Rows {
            total: records.len() as u64,
            records,
            truncated: false,
        }
    }

    #[test]
    fn a_connected_app_with_password_sign_ins_takes_the_client_credentials_route() {
        let profiles = eca_core::profiles();
        let vonage = profiles
            .iter()
            .find(|p| p.id == "vonage-ai-studio")
            .expect("vonage");
        let name = format!("{} (connected app)", vonage.app_name.value);
        let apps = build(
            &rows(vec![json!({"Name": name}), json!({"Name": "Old Reports"})]),
            &rows(vec![
                json!({"AppName": name, "UseCount": 4, "LastUsedDate": "2026-11-01T00:00:00.000+0000", "UserId": "005A"}),
                json!({"AppName": name, "UseCount": 2, "LastUsedDate": "2026-11-20T00:00:00.000+0000", "UserId": "005A"}),
            ]),
            &rows(vec![
                json!({"Application": name, "LoginType": "Remote Access 2.0", "LoginSubType": "OAuth Username-Password"}),
                json!({"Application": name, "LoginType": "Remote Access 2.0", "LoginSubType": "OAuth Username-Password"}),
            ]),
            &[],
            profiles,
        );
        let app = &apps[0];
        assert_eq!(app.name, name);
        assert_eq!((app.tokens, app.users, app.use_count), (2, 1, 6));
        assert_eq!(
            app.last_used.as_deref(),
            Some("2026-11-20T00:00:00.000+0000")
        );
        assert_eq!(app.username_password_sign_ins, 2);
        assert_eq!(
            app.partner.as_ref().map(|p| p.profile_id.as_str()),
            Some("vonage-ai-studio")
        );
        assert_eq!(app.migrate_button, MigrateButton::NotForPasswordFlow);
        assert!(app.route.is_some());
        let idle = &apps[1];
        assert_eq!(idle.name, "Old Reports");
        assert!(!idle.in_use());
        assert_eq!(idle.partner, None);
        assert_eq!(idle.route, Some(Route::InPlace));
        let csv = Inventory {
            apps,
            notes: Vec::new(),
        }
        .to_csv();
        assert!(csv.lines().nth(1).unwrap().contains(",2,1,6,"), "{csv}");
        assert!(
            csv.contains(
                "Old Reports,connected app,0,0,0,,,0,unknown,,applies if the app is local,in-place"
            ),
            "{csv}"
        );
    }

    fn by_callback(url: &str) -> Option<String> {
        partner_by_callback(&[url.to_owned()], eca_core::profiles()).map(|p| p.profile_id)
    }

    #[test]
    fn vonage_is_matched_by_its_fixed_callback_url() {
        assert_eq!(
            by_callback("https://api-eu.vonage.com/oauth/redirect").as_deref(),
            Some("vonage-ai-studio")
        );
        assert_eq!(
            by_callback("https://api-eu.vonage.com/oauth/elsewhere"),
            None
        );
    }

    #[test]
    fn bright_pattern_is_matched_by_its_path_under_any_tenant_host() {
        assert_eq!(
            by_callback("https://acme.brightpattern.com/admin/salesforcecallback.html").as_deref(),
            Some("bright-pattern")
        );
        assert_eq!(
            by_callback("https://acme.example/evil/admin/salesforcecallback.html"),
            None,
            "the placeholder is one host, not a path"
        );
    }

    #[test]
    fn service_board_sync_is_matched_by_its_tenant_callback() {
        assert_eq!(
            by_callback("https://acme.serviceboard.example/oauth/").as_deref(),
            Some("service-board-sync"),
            "a trailing slash aside"
        );
    }

    #[test]
    fn webex_is_matched_by_its_fixed_callback_url() {
        assert_eq!(
            by_callback("HTTPS://meetings-api.webex.com/wbxaddin/indexFor3rdAuth.html").as_deref(),
            Some("webex"),
            "case aside"
        );
    }

    #[test]
    fn the_assistants_own_app_is_matched_by_its_loopback_callback() {
        assert_eq!(
            by_callback("http://localhost:1717/OauthRedirect").as_deref(),
            Some("eca-setup-assistant")
        );
        assert_eq!(by_callback("https://example.com/callback"), None);
    }

    #[test]
    fn every_seed_partner_with_a_callback_is_matched_by_its_own_template() {
        for profile in eca_core::profiles().iter().filter(|p| !p.editable) {
            for template in &profile.eca.callback_urls.value {
                let url = pieces(template)
                    .into_iter()
                    .map(|piece| piece.unwrap_or_else(|| "tenant.example".into()))
                    .collect::<String>();
                assert_eq!(
                    by_callback(&url).as_deref(),
                    Some(profile.id.as_str()),
                    "{template} -> {url}"
                );
            }
        }
    }

    #[test]
    fn an_unused_external_client_app_is_listed_with_its_partner_by_callback_or_by_name() {
        let profiles = eca_core::profiles();
        let vonage = profiles
            .iter()
            .find(|p| p.id == "vonage-ai-studio")
            .expect("vonage");
        let ecas = [
            ListedEca {
                api_name: "Voice_Bot".into(),
                label: Some("Voice Bot".into()),
                callback_urls: Some(vec!["https://api-eu.vonage.com/oauth/redirect".into()]),
            },
            ListedEca {
                api_name: "Vonage_AI".into(),
                label: Some(vonage.app_name.value.clone()),
                callback_urls: None,
            },
        ];
        let apps = build(&rows(vec![]), &rows(vec![]), &rows(vec![]), &ecas, profiles);
        assert_eq!(apps.len(), 2, "{apps:#?}");
        let bot = apps
            .iter()
            .find(|a| a.name == "Voice Bot")
            .expect("listed unused");
        assert_eq!(bot.kind, AppKind::ExternalClientApp);
        assert_eq!(bot.api_name.as_deref(), Some("Voice_Bot"));
        assert!(!bot.in_use());
        let partner = bot.partner.as_ref().expect("matched");
        assert_eq!(
            (partner.profile_id.as_str(), partner.by.as_str()),
            ("vonage-ai-studio", "callback URL")
        );
        assert_eq!(
            (bot.migrate_button, bot.route),
            (MigrateButton::NotAConnectedApp, None)
        );
        let named = apps
            .iter()
            .find(|a| a.api_name.as_deref() == Some("Vonage_AI"))
            .expect("listed");
        assert_eq!(named.partner.as_ref().map(|p| p.by.as_str()), Some("name"));
        let csv = Inventory {
            apps,
            notes: Vec::new(),
        }
        .to_csv();
        assert!(
            csv.contains("Voice Bot,External Client App,0,0,0,,,0,Vonage AI Studio,callback URL,no: not a connected app,"),
            "{csv}"
        );
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("plain"), "plain");
    }
}

//! The connected app an integration used before its External Client App, as the practice org
//! plays it for a rehearsed move (`PracticeConfig::connected_app`): the three Setup pages the
//! migration screens link to (Connected Apps OAuth Usage, App Manager with Migrate to External
//! Client App, Login History) at their Lightning paths, and what their buttons do. Migrating in
//! place gives the External Client App the connected app's key and secret unless `key_kept` is
//! off. The pages are plain HTML that say they are the practice org's; Salesforce's own
//! behaviour they follow is in FIDELITY.md (rows M*).

use std::fmt;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use eca_core::html::escape;
use eca_core::migration::{APP_MANAGER_PATH, LOGIN_HISTORY_PATH, OAUTH_USAGE_PATH};

use crate::config::{ConnectedApp, DEFAULT_RUN_AS};
use crate::org::Org;
use crate::page::document;

/// What has become of the connected app.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Legacy {
    /// Migrated in place: the connected app is a read-only version now.
    pub migrated: bool,
    /// Its tokens were revoked on OAuth Usage, which then no longer lists it.
    pub tokens_revoked: bool,
    pub blocked: bool,
    pub deleted: bool,
}

/// Why the practice org refuses to migrate its connected app, in Salesforce's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrateRefusal {
    NoConnectedApp,
    /// Only local connected apps are migrated.
    NotLocal,
    /// An app that uses the username-password flow is not eligible.
    PasswordFlow,
    Deleted,
    AlreadyMigrated,
}

impl fmt::Display for MigrateRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MigrateRefusal::NoConnectedApp => "This practice org has no connected app to migrate.",
            MigrateRefusal::NotLocal => "The connected app is not local, so Salesforce does not offer Migrate to External Client App for it.",
            MigrateRefusal::PasswordFlow => "The connected app uses the username-password flow, so Salesforce does not offer Migrate to External Client App for it.",
            MigrateRefusal::Deleted => "The connected app was deleted.",
            MigrateRefusal::AlreadyMigrated => "The connected app was already migrated; it is a read-only version now.",
        })
    }
}

impl Org {
    /// Migrate to External Client App, as App Manager's button does.
    pub fn migrate_in_place(&self) -> Result<(), MigrateRefusal> {
        let app = self
            .config
            .connected_app
            .as_ref()
            .ok_or(MigrateRefusal::NoConnectedApp)?;
        let mut legacy = self.legacy();
        if legacy.deleted {
            return Err(MigrateRefusal::Deleted);
        }
        if legacy.migrated {
            return Err(MigrateRefusal::AlreadyMigrated);
        }
        eligible(app)?;
        legacy.migrated = true;
        Ok(())
    }
}

fn eligible(app: &ConnectedApp) -> Result<(), MigrateRefusal> {
    if !app.local {
        Err(MigrateRefusal::NotLocal)
    } else if app.password_flow {
        Err(MigrateRefusal::PasswordFlow)
    } else {
        Ok(())
    }
}

pub fn routes() -> Router<Arc<Org>> {
    Router::new()
        .route(OAUTH_USAGE_PATH, get(oauth_usage))
        .route(APP_MANAGER_PATH, get(app_manager))
        .route(LOGIN_HISTORY_PATH, get(login_history))
        .route("/practice/connected-app/{action}", post(act))
}

const NO_APP: &str =
    "<p>This practice org has no connected app: start a practice migration to rehearse one.</p>";

/// Connected Apps OAuth Usage: the apps with active tokens and their User Count. An app that
/// signs in with the username-password flow is not listed, nor one whose tokens were revoked.
async fn oauth_usage(State(org): State<Arc<Org>>) -> Html<String> {
    let body = match &org.config.connected_app {
        None => NO_APP.to_owned(),
        Some(app) => {
            let legacy = *org.legacy();
            let listed = !app.password_flow && !legacy.tokens_revoked && !legacy.deleted;
            let row = if listed {
                let install = if app.local {
                    String::new()
                } else {
                    " <button type=\"button\" disabled>Install</button>".to_owned()
                };
                let block = if legacy.blocked {
                    "Blocked".to_owned()
                } else {
                    button("block", "Block")
                };
                format!(
                    "<tr><td>{name}{install}</td><td>{users}</td><td>{revoke} {block}</td></tr>",
                    name = escape(&app.name),
                    users = app.users,
                    revoke = button("revoke", "Revoke All"),
                )
            } else {
                "<tr><td colspan=\"3\">No connected apps with active OAuth tokens.</td></tr>"
                    .to_owned()
            };
            format!(
                "<table><thead><tr><th>Connected App Name</th><th>User Count</th><th>Action</th></tr></thead><tbody>{row}</tbody></table>"
            )
        }
    };
    Html(document(
        "Connected Apps OAuth Usage",
        &format!("<h1>Connected Apps OAuth Usage</h1>\n{body}"),
    ))
}

/// App Manager: the connected app, its Consumer Key (Manage Consumer Details; the practice org
/// asks for no verification code), Migrate to External Client App when it is eligible, and
/// Delete. After a migration, the new External Client App and its key.
async fn app_manager(State(org): State<Arc<Org>>) -> Html<String> {
    Html(app_manager_page(&org, None))
}

fn app_manager_page(org: &Org, problem: Option<&str>) -> String {
    let Some(app) = &org.config.connected_app else {
        return document("App Manager", &format!("<h1>App Manager</h1>\n{NO_APP}"));
    };
    let legacy = *org.legacy();
    let problem = problem.map_or(String::new(), |text| {
        format!("<p class=\"error\" role=\"alert\">{}</p>\n", escape(text))
    });
    let mut body = format!(
        "<h1>App Manager</h1>\n{problem}<h2>{name}</h2>\n<p>App Type: Connected · {origin}</p>\n",
        name = escape(&app.name),
        origin = if app.local {
            "created in this org (local)"
        } else {
            "installed from a package"
        },
    );
    if legacy.deleted {
        body.push_str("<p>Deleted.</p>\n");
    } else {
        body.push_str(&format!(
            "<p>Manage Consumer Details (practice org: no verification code): Consumer Key <code id=\"connected-app-key\">{}</code></p>\n",
            escape(&app.consumer_key)
        ));
        if legacy.migrated {
            body.push_str(&format!(
                "<p>Read-only: migrated to the External Client App {name}. Its Consumer Key: <code id=\"external-client-app-key\">{key}</code></p>\n",
                name = escape(&app.name),
                key = escape(org.app_key()),
            ));
        } else if eligible(app).is_ok() {
            body.push_str(&button("migrate", "Migrate to External Client App"));
        }
        body.push_str(&button("delete", "Delete"));
    }
    document("App Manager", &body)
}

/// Login History: the integration's sign-ins through the connected app. The practice org says
/// which flow they used; a real org's columns for it are unconfirmed (FIDELITY.md).
async fn login_history(State(org): State<Arc<Org>>) -> Html<String> {
    let body = match &org.config.connected_app {
        None => NO_APP.to_owned(),
        Some(app) => {
            let user = org.config.run_as.as_deref().unwrap_or(DEFAULT_RUN_AS);
            let flow = if app.password_flow {
                "username-password flow"
            } else {
                "web server flow"
            };
            let rows: String = ["2026-11-29 08:02", "2026-11-30 08:01"]
                .iter()
                .map(|time| {
                    format!(
                        "<tr><td>{time} UTC</td><td>{user}</td><td>Remote Access 2.0</td><td>Success</td><td>{app}</td></tr>",
                        user = escape(user),
                        app = escape(&app.name),
                    )
                })
                .collect();
            format!(
                "<p class=\"banner\">Practice org: these sign-ins use the {flow}.</p>\n<table><thead><tr><th>Login Time</th><th>Username</th><th>Login Type</th><th>Status</th><th>Application</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        }
    };
    Html(document(
        "Login History",
        &format!("<h1>Login History</h1>\n{body}"),
    ))
}

fn button(action: &str, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/practice/connected-app/{action}\" style=\"display:inline\"><button type=\"submit\" id=\"{action}\">{label}</button></form>\n"
    )
}

/// A button on one of the pages: migrate, revoke, block or delete; back to the page it is on.
async fn act(State(org): State<Arc<Org>>, Path(action): Path<String>) -> Response {
    if org.config.connected_app.is_none() {
        return (StatusCode::NOT_FOUND, Html(document("App Manager", NO_APP))).into_response();
    }
    match action.as_str() {
        "migrate" => match org.migrate_in_place() {
            Ok(()) => Redirect::to(APP_MANAGER_PATH).into_response(),
            Err(refusal) => (
                StatusCode::BAD_REQUEST,
                Html(app_manager_page(&org, Some(&refusal.to_string()))),
            )
                .into_response(),
        },
        "delete" => {
            org.legacy().deleted = true;
            Redirect::to(APP_MANAGER_PATH).into_response()
        }
        "revoke" => {
            org.legacy().tokens_revoked = true;
            Redirect::to(OAUTH_USAGE_PATH).into_response()
        }
        "block" => {
            org.legacy().blocked = true;
            Redirect::to(OAUTH_USAGE_PATH).into_response()
        }
        _ => crate::rest::not_found().await.into_response(),
    }
}

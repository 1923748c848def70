//! Serving the practice org on 127.0.0.1 (never any other address): the routes, starting on a
//! chosen or free port, and stopping. The limits of serving (connections, header time, the Host
//! check) live in `listen`; what each route answers lives in its own module.

mod listen;

pub use listen::{Limits, ACCEPT_PAUSE};

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use eca_core::secret::Secret;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::PracticeConfig;
use crate::error::PracticeError;
use crate::org::Org;
use crate::{authorize, identity, metadata, requests, rest, token, token_status};

/// How long `shutdown` lets open connections finish before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running practice org. Dropping it stops the server too; `shutdown` waits until it has.
pub struct PracticeOrg {
    org: Arc<Org>,
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// Starts the practice org on `127.0.0.1:port`, or on a free port when `port` is `None`.
pub async fn start(
    config: PracticeConfig,
    port: Option<u16>,
) -> Result<PracticeOrg, PracticeError> {
    start_with_limits(config, port, Limits::default()).await
}

/// `start` with other limits on connections and header time (tests use short ones).
pub async fn start_with_limits(
    config: PracticeConfig,
    port: Option<u16>,
    limits: Limits,
) -> Result<PracticeOrg, PracticeError> {
    let wanted = SocketAddr::from((Ipv4Addr::LOCALHOST, port.unwrap_or(0)));
    let bind_error = |source| PracticeError::Bind {
        address: wanted.to_string(),
        source,
    };
    let listener = TcpListener::bind(wanted).await.map_err(bind_error)?;
    let address = listener.local_addr().map_err(bind_error)?;
    let org = Arc::new(Org::new(config, format!("http://{address}")));
    let (stop, stopped) = oneshot::channel::<()>();
    let app = routes(Arc::clone(&org)).layer(axum::middleware::from_fn_with_state(
        address.port(),
        listen::addressed_here,
    ));
    // A dropped sender stops the server as surely as a sent signal.
    let task = tokio::spawn(listen::serve(listener, app, limits, stopped));
    Ok(PracticeOrg {
        org,
        address,
        stop,
        task,
    })
}

fn routes(org: Arc<Org>) -> Router {
    Router::new()
        .route("/services/oauth2/authorize", get(authorize::authorize))
        .route(
            "/services/oauth2/authorize/approve",
            post(authorize::decide),
        )
        .route(
            crate::page::REMOTE_ACCESS_ERROR_PATH,
            get(crate::page::remote_access_error),
        )
        .route("/services/oauth2/token", post(token::token))
        .route(
            "/services/oauth2/userinfo",
            get(identity::userinfo).post(identity::userinfo),
        )
        .route(
            "/services/oauth2/revoke",
            post(token_status::revoke).get(token_status::revoke),
        )
        .route(
            "/services/oauth2/introspect",
            post(token_status::introspect),
        )
        .route(
            "/.well-known/openid-configuration",
            get(identity::openid_configuration),
        )
        .route("/id/{org_id}/{user_id}", get(identity::identity))
        .route("/services/data", get(rest::versions))
        .route("/services/data/", get(rest::versions))
        .route("/services/data/{version}", get(rest::resources))
        .route("/services/data/{version}/", get(rest::resources))
        .route("/services/data/{version}/query", get(rest::query))
        .route("/services/data/{version}/query/", get(rest::query))
        .route("/services/data/{version}/limits", get(rest::limits))
        .route("/services/data/{version}/limits/", get(rest::limits))
        .route("/services/Soap/m/{version}", post(metadata::soap))
        .route(requests::REQUESTS_PATH, get(requests::serve))
        .merge(crate::legacy::routes())
        .fallback(rest::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&org),
            requests::log,
        ))
        .with_state(org)
}

impl PracticeOrg {
    /// `http://127.0.0.1:PORT`, the org's instance URL.
    pub fn base_url(&self) -> String {
        self.org.base_url.clone()
    }

    /// `127.0.0.1:PORT`: what an admin types as the org's domain in Practice mode.
    pub fn host(&self) -> String {
        self.address.to_string()
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The External Client App's key: after an in-place migration that kept it, the connected
    /// app's.
    pub fn consumer_key(&self) -> &str {
        self.org.app_key()
    }

    pub fn consumer_secret(&self) -> &Secret {
        self.org.app_secret()
    }

    /// The Consumer Key of the assistant's own External Client App in this org.
    pub fn assistant_key(&self) -> &str {
        &self.org.config.assistant_key
    }

    /// The key of the connected app to migrate, when the org has one.
    pub fn connected_app_key(&self) -> Option<&str> {
        let app = self.org.config.connected_app.as_ref()?;
        Some(&app.consumer_key)
    }

    /// Migrate to External Client App, as the practice App Manager's button does.
    pub fn migrate_in_place(&self) -> Result<(), crate::MigrateRefusal> {
        self.org.migrate_in_place()
    }

    /// Whether the connected app has been migrated in place.
    pub fn migrated(&self) -> bool {
        self.org.legacy().migrated
    }

    pub fn username(&self) -> &str {
        &self.org.config.username
    }

    pub fn password(&self) -> &Secret {
        &self.org.config.password
    }

    /// How many access tokens and refresh tokens the org still honours: what a client left
    /// behind (a verification that revoked its tokens leaves none).
    pub fn live_tokens(&self) -> (usize, usize) {
        self.org.grants().live()
    }

    /// Every request answered so far, by method and path (SOAP calls with their operation).
    pub fn requests(&self) -> Vec<crate::RequestRecord> {
        self.org.requests.all()
    }

    /// The logged requests that could have changed the org.
    pub fn writes(&self) -> Vec<crate::RequestRecord> {
        self.requests().into_iter().filter(|r| r.write).collect()
    }

    /// The settings the org was started with.
    pub fn config(&self) -> &PracticeConfig {
        &self.org.config
    }

    /// Stops accepting connections and waits (a few seconds at most) for open ones to end.
    pub async fn shutdown(self) {
        let PracticeOrg { stop, mut task, .. } = self;
        let _ = stop.send(());
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

impl fmt::Debug for PracticeOrg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PracticeOrg")
            .field("base_url", &self.org.base_url)
            .field("config", &self.org.config)
            .finish()
    }
}

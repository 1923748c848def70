//! Proves an External Client App works against an org: replays the partner's own sign-in request
//! (its callback URLs, PKCE and scopes) without signing in, runs the OAuth flow the integration
//! uses (client credentials, or the web server flow through a loopback redirect), calls the org's
//! APIs, compares what Salesforce granted with what the flow should carry, and explains every
//! failure with a code, a sentence, a fix and a step.

pub mod api;
pub mod checks;
pub mod compare;
pub mod diagnosis;
pub mod domain_forms;
pub mod http;
pub mod loopback;
pub mod partner;
pub mod propagation;
pub mod proxy;
pub mod request;
pub mod result;
pub mod run;
pub mod token;
pub mod web_server;

pub use diagnosis::{Diagnosis, DiagnosisCode};
pub use proxy::ProxySettings;
pub use request::{FlowChoice, LoopbackConfig, RecentChange, RetryPolicy, VerifyRequest};
pub use result::{Check, CheckId, CheckStatus, Progress, Verification};
pub use run::verify;
pub use tokio_util::sync::CancellationToken;
pub use web_server::Opener;

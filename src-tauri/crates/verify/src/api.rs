//! The Salesforce calls made with a fresh token: userinfo (who, which org), the API versions,
//! and one SOQL query. Each answers with the facts the checks need or a diagnosis.

use eca_core::secret::Secret;
use serde::Deserialize;

use crate::diagnosis::{from_rest_error, Diagnosis};
use crate::http::{Reply, Transport};
use crate::token::unexpected;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInfo {
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl UserInfo {
    pub fn login(&self) -> Option<&str> {
        self.preferred_username
            .as_deref()
            .or(self.username.as_deref())
    }
}

pub async fn userinfo(
    transport: &Transport,
    base: &str,
    token: &Secret,
) -> Result<UserInfo, Diagnosis> {
    let url = format!("{base}/services/oauth2/userinfo");
    let reply = transport.get(&url, Some(token)).await?;
    json(&reply, "Salesforce's userinfo answer could not be read")
}

#[derive(Debug, Clone, Deserialize)]
struct Version {
    version: String,
}

/// The org's API versions, newest last as Salesforce lists them; returns the newest.
pub async fn newest_version(transport: &Transport, base: &str) -> Result<String, Diagnosis> {
    let reply = transport
        .get(&format!("{base}/services/data"), None)
        .await?;
    let versions: Vec<Version> = json(&reply, "The list of API versions could not be read")?;
    versions
        .into_iter()
        .map(|v| v.version)
        .max_by(|a, b| version_number(a).total_cmp(&version_number(b)))
        .ok_or_else(|| unexpected("The org listed no API versions", &reply))
}

fn version_number(version: &str) -> f64 {
    version.parse().unwrap_or(0.0)
}

#[derive(Debug, Clone, Deserialize)]
pub struct QueryResult {
    #[serde(rename = "totalSize", default)]
    pub total_size: u64,
    #[serde(default)]
    pub records: Vec<serde_json::Value>,
}

pub async fn query(
    transport: &Transport,
    base: &str,
    version: &str,
    token: &Secret,
    soql: &str,
) -> Result<QueryResult, Diagnosis> {
    let mut url = transport.check_url(&format!("{base}/services/data/v{version}/query"))?;
    url.query_pairs_mut().append_pair("q", soql);
    let reply = transport.get(url.as_str(), Some(token)).await?;
    json(&reply, "The query's answer could not be read")
}

/// The first `(errorCode, message)` of a REST error body (`[{"message","errorCode"}]`).
pub fn rest_error(reply: &Reply) -> Option<(String, String)> {
    #[derive(Deserialize)]
    struct RestError {
        #[serde(rename = "errorCode")]
        error_code: String,
        #[serde(default)]
        message: String,
    }
    let errors = serde_json::from_str::<Vec<RestError>>(&reply.body).ok()?;
    let first = errors.into_iter().next()?;
    Some((first.error_code, first.message))
}

/// Parses a success, or turns a REST error into its diagnosis.
fn json<T: serde::de::DeserializeOwned>(reply: &Reply, what: &str) -> Result<T, Diagnosis> {
    if reply.is_success() {
        return serde_json::from_str(&reply.body).map_err(|_| unexpected(what, reply));
    }
    if let Some((code, message)) = rest_error(reply) {
        return Err(from_rest_error(&code, &message));
    }
    if reply.status == 401 {
        return Err(from_rest_error(
            "INVALID_SESSION_ID",
            "Session expired or invalid",
        ));
    }
    Err(unexpected(what, reply))
}

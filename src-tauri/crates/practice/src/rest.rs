//! The REST API under `/services/data`: the version list (no login needed), and per version the
//! resource list, SOQL `query` and `limits`, each behind a Bearer token that has the `api` or
//! `full` scope. Errors use the REST API's shape, a JSON array of `{message, errorCode}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::org::{grants_api, Org};
use crate::soql;

/// The API versions the practice org serves, oldest first, as `GET /services/data` lists them
/// (release names: Salesforce's PDF archives, "68.0 | Winter '27", "67.0 | Summer '26";
/// FIDELITY.md row E7).
const VERSIONS: [(&str, &str); 7] = [
    ("Winter '25", "62.0"),
    ("Spring '25", "63.0"),
    ("Summer '25", "64.0"),
    ("Winter '26", "65.0"),
    ("Spring '26", "66.0"),
    ("Summer '26", "67.0"),
    ("Winter '27", "68.0"),
];

const DAILY_API_REQUESTS: u32 = 15_000;

/// One REST error, answered as `[{"message", "errorCode"}]`.
pub struct RestError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl RestError {
    pub fn invalid_session() -> RestError {
        RestError {
            status: StatusCode::UNAUTHORIZED,
            code: "INVALID_SESSION_ID",
            message: "Session expired or invalid".into(),
        }
    }

    /// A live token whose scopes do not include API access (FIDELITY.md E2).
    pub fn not_for_rest() -> RestError {
        RestError {
            status: StatusCode::UNAUTHORIZED,
            code: "INVALID_SESSION_ID",
            message: "This session is not valid for use with the REST API".into(),
        }
    }

    pub fn not_found() -> RestError {
        RestError {
            status: StatusCode::NOT_FOUND,
            code: "NOT_FOUND",
            message: "The requested resource does not exist".into(),
        }
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        let body = json!([{ "message": self.message, "errorCode": self.code }]);
        (self.status, Json(body)).into_response()
    }
}

/// The token of `Authorization: Bearer TOKEN` (Salesforce also takes `OAuth TOKEN`).
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    ((scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        && !token.is_empty())
    .then(|| token.to_owned())
}

/// A live token with API access, or 401 `INVALID_SESSION_ID`; counts the request for limits.
fn authorize(org: &Org, headers: &HeaderMap) -> Result<(), RestError> {
    let token = bearer_token(headers).ok_or_else(RestError::invalid_session)?;
    let api = org
        .grants()
        .access(&token)
        .map(|session| grants_api(&session.scope))
        .ok_or_else(RestError::invalid_session)?;
    if !api {
        return Err(RestError::not_for_rest());
    }
    org.count_api_request();
    Ok(())
}

/// `vNN.0` when it is one of the served versions.
fn version(path: &str) -> Result<&'static str, RestError> {
    let number = path.strip_prefix('v').ok_or_else(RestError::not_found)?;
    VERSIONS
        .iter()
        .find(|(_, v)| *v == number)
        .map(|(_, v)| *v)
        .ok_or_else(RestError::not_found)
}

pub async fn versions() -> Json<Value> {
    let list: Vec<Value> = VERSIONS
        .iter()
        .map(|(label, version)| {
            json!({ "label": label, "url": format!("/services/data/v{version}"), "version": version })
        })
        .collect();
    Json(Value::Array(list))
}

pub async fn resources(
    State(org): State<Arc<Org>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, RestError> {
    let version = version(&path)?;
    authorize(&org, &headers)?;
    let base = format!("/services/data/v{version}");
    Ok(Json(json!({
        "limits": format!("{base}/limits"),
        "query": format!("{base}/query"),
        "sobjects": format!("{base}/sobjects"),
    })))
}

pub async fn query(
    State(org): State<Arc<Org>>,
    Path(path): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, RestError> {
    let version = version(&path)?;
    authorize(&org, &headers)?;
    let text = params
        .get("q")
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| RestError {
            status: StatusCode::BAD_REQUEST,
            code: "MALFORMED_QUERY",
            message: "A query string has to be specified".into(),
        })?;
    soql::parse(text)
        .and_then(|query| {
            org.data
                .run(&query, &format!("v{version}"), &org.built_tables())
        })
        .map(Json)
        .map_err(|err| RestError {
            status: StatusCode::BAD_REQUEST,
            code: err.error_code(),
            message: err.to_string(),
        })
}

pub async fn limits(
    State(org): State<Arc<Org>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, RestError> {
    version(&path)?;
    authorize(&org, &headers)?;
    let used = org.api_requests();
    let limit = |max: u32, remaining: u32| json!({ "Max": max, "Remaining": remaining });
    Ok(Json(json!({
        "DailyApiRequests": limit(DAILY_API_REQUESTS, DAILY_API_REQUESTS.saturating_sub(used)),
        "DailyAsyncApexExecutions": limit(250_000, 250_000),
        "DailyBulkApiBatches": limit(15_000, 15_000),
        "DataStorageMB": limit(5, 5),
        "FileStorageMB": limit(20, 20),
        "HourlyODataCallout": limit(10_000, 10_000),
        "SingleEmail": limit(15, 15),
    })))
}

/// Anything else under `/services`: the REST API's 404.
pub async fn not_found() -> RestError {
    RestError::not_found()
}

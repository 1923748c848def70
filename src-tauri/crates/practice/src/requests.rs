//! The request log: the method and path of every request the practice org answered (never a
//! query string, a body or a token), and for a SOAP call its operation, so a test can prove a
//! client only read. `GET /practice/requests` serves it to tests in another process.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde::Serialize;

use crate::org::Org;

/// Where the log is served; requests to it are not logged.
pub const REQUESTS_PATH: &str = "/practice/requests";
/// The SOAP operations that only read (the practice org serves `readMetadata` alone).
const READ_OPERATIONS: [&str; 3] = ["readMetadata", "listMetadata", "describeMetadata"];
/// POSTs that change nothing in the org's metadata or data: OAuth exchanges and sign-in.
const READ_POSTS: [&str; 5] = [
    "/services/oauth2/token",
    "/services/oauth2/revoke",
    "/services/oauth2/introspect",
    "/services/oauth2/userinfo",
    "/services/oauth2/authorize/approve",
];
/// The largest SOAP body read to find its operation.
const SOAP_LIMIT: usize = 1 << 20;

/// One request as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The SOAP operation (`readMetadata`, `deploy`, ...) of a call under `/services/Soap`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Whether it could change the org: anything but a GET, an OAuth POST and a read-only SOAP
    /// operation.
    pub write: bool,
}

impl RequestRecord {
    fn new(method: &str, path: &str, operation: Option<String>) -> RequestRecord {
        let write = match (method, &operation) {
            (_, Some(operation)) => !READ_OPERATIONS.contains(&operation.as_str()),
            ("GET" | "HEAD", None) => false,
            ("POST", None) => !READ_POSTS.contains(&path),
            _ => true,
        };
        RequestRecord {
            method: method.to_owned(),
            path: path.to_owned(),
            operation,
            write,
        }
    }
}

#[derive(Debug, Default)]
pub struct RequestLog(Mutex<Vec<RequestRecord>>);

impl RequestLog {
    pub fn all(&self) -> Vec<RequestRecord> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn push(&self, record: RequestRecord) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(record);
    }
}

/// Logs the request, reading a SOAP body only to name its operation, then passes it on.
pub async fn log(State(org): State<Arc<Org>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path == REQUESTS_PATH {
        return next.run(request).await;
    }
    let method = request.method().as_str().to_owned();
    if !path.starts_with("/services/Soap/") {
        org.requests.push(RequestRecord::new(&method, &path, None));
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, SOAP_LIMIT).await.unwrap_or_default();
    let operation = crate::metadata::operation(&bytes).unwrap_or_else(|| "(none)".to_owned());
    org.requests
        .push(RequestRecord::new(&method, &path, Some(operation)));
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

pub async fn serve(State(org): State<Arc<Org>>) -> Json<Vec<RequestRecord>> {
    Json(org.requests.all())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_are_told_apart() {
        let read = |method, path, op: Option<&str>| {
            !RequestRecord::new(method, path, op.map(str::to_owned)).write
        };
        assert!(read("GET", "/services/data/v68.0/query", None));
        assert!(read("POST", "/services/oauth2/token", None));
        assert!(read("POST", "/services/Soap/m/68.0", Some("readMetadata")));
        assert!(!read("POST", "/services/Soap/m/68.0", Some("deploy")));
        assert!(!read(
            "POST",
            "/services/Soap/m/68.0",
            Some("updateMetadata")
        ));
        assert!(!read(
            "PATCH",
            "/services/data/v68.0/sobjects/User/005",
            None
        ));
        assert!(!read("POST", "/practice/connected-app/delete", None));
    }
}

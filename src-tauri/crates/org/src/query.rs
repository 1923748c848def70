//! SOQL through the REST API's query resource, every page up to a bound: the records, whether
//! any were left out, and Salesforce's REST errors (`[{"errorCode","message"}]`) as typed errors
//! that name the permission an object needs. Reads only.

use eca_verify::http::Reply;
use serde::Deserialize;
use serde_json::Value;

use crate::error::OrgError;
use crate::OrgSession;

/// The most pages followed (Salesforce sends up to 2,000 records a page).
pub const MAX_PAGES: usize = 10;

/// The permission each object needs, as its Object Reference page says.
pub fn permission_for(object: &str) -> &'static str {
    match object {
        // OauthToken: users with Customize Application see every user's tokens.
        "OauthToken" => "Customize Application",
        // LoginHistory: "only users with Manage Users or Monitor Login History permissions".
        "LoginHistory" => "Manage Users or Monitor Login History",
        _ => "View Setup and Configuration",
    }
}

/// What a query returned.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub records: Vec<Value>,
    /// How many the org has (`totalSize`).
    pub total: u64,
    /// Pages were left unread (more than `MAX_PAGES`).
    pub truncated: bool,
}

#[derive(Deserialize)]
struct Page {
    #[serde(rename = "totalSize", default)]
    total_size: u64,
    #[serde(default = "yes")]
    done: bool,
    #[serde(rename = "nextRecordsUrl", default)]
    next_records_url: Option<String>,
    #[serde(default)]
    records: Vec<Value>,
}

fn yes() -> bool {
    true
}

/// Runs `soql` on `object` (named for the errors) and reads its pages.
pub async fn query(session: &OrgSession, object: &str, soql: &str) -> Result<Rows, OrgError> {
    let transport = session.transport();
    let base = session.instance.trim_end_matches('/');
    let mut url =
        transport.check_url(&format!("{base}/services/data/v{}/query", session.version))?;
    url.query_pairs_mut().append_pair("q", soql);
    let mut next = url.to_string();
    let mut rows = Rows::default();
    for _ in 0..MAX_PAGES {
        let reply = transport.get(&next, Some(&session.token)).await?;
        let page = page(&reply, object)?;
        rows.total = page.total_size;
        rows.records.extend(page.records);
        match (page.done, page.next_records_url) {
            (false, Some(path)) if path.starts_with("/services/data/") => {
                next = format!("{base}{path}");
            }
            _ => return Ok(rows),
        }
    }
    rows.truncated = true;
    Ok(rows)
}

fn page(reply: &Reply, object: &str) -> Result<Page, OrgError> {
    if reply.is_success() {
        return serde_json::from_str(&reply.body).map_err(|_| unreadable(reply, object));
    }
    let Some((code, message)) = eca_verify::api::rest_error(reply) else {
        if reply.status == 401 {
            return Err(OrgError::SessionEnded {
                said: "HTTP 401".into(),
            });
        }
        return Err(unreadable(reply, object));
    };
    Err(rest_error(&code, &message, object))
}

/// A REST error as the error it means. Salesforce answers `INVALID_TYPE` ("sObject type … is not
/// supported") both for an object the org lacks and for one the user may not see.
pub fn rest_error(code: &str, message: &str, object: &str) -> OrgError {
    let said = format!("{code}: {message}");
    match code {
        "INVALID_SESSION_ID" => OrgError::SessionEnded { said },
        "INSUFFICIENT_ACCESS"
        | "INSUFFICIENT_ACCESS_OR_READONLY"
        | "INVALID_TYPE"
        | "API_DISABLED_FOR_ORG" => OrgError::NoAccess {
            what: object.to_owned(),
            permission: permission_for(object).to_owned(),
            said,
        },
        _ => OrgError::Unexpected {
            what: format!("the query on {object} ({said})"),
            status: 400,
        },
    }
}

fn unreadable(reply: &Reply, object: &str) -> OrgError {
    OrgError::Unexpected {
        what: format!("the query on {object}"),
        status: reply.status,
    }
}

/// A record's text field (`null` and absent read as empty).
pub fn text(record: &Value, field: &str) -> String {
    match record.get(field) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_errors_name_the_permission_the_object_needs() {
        let reply = Reply {
            status: 400,
            location: None,
            body: r#"[{"message":"sObject type 'LoginHistory' is not supported.","errorCode":"INVALID_TYPE"}]"#.into(),
        };
        let err = page(&reply, "LoginHistory").err().expect("refused");
        assert!(
            err.fix().contains("Manage Users or Monitor Login History"),
            "{}",
            err.fix()
        );
        let ended = Reply {
            status: 401,
            location: None,
            body: r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#
                .into(),
        };
        assert!(matches!(
            page(&ended, "User"),
            Err(OrgError::SessionEnded { .. })
        ));
    }

    #[test]
    fn a_page_reads_its_records_and_whether_more_follow() {
        let reply = Reply {
            status: 200,
            location: None,
            body: r#"{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01g-2000","records":[{"attributes":{"type":"User"},"Username":"a@b.c","IsActive":true}]}"#.into(),
        };
        let page = page(&reply, "User").expect("a page");
        assert!(!page.done);
        assert_eq!(page.total_size, 3);
        assert_eq!(text(&page.records[0], "Username"), "a@b.c");
        assert_eq!(text(&page.records[0], "IsActive"), "true");
        assert_eq!(text(&page.records[0], "Missing"), "");
    }
}

//! The token endpoint's answer: `eca_verify::token::parse` and, for an error pair,
//! `diagnosis::from_oauth_error` under each flow. The input is the HTTP status on the first line
//! and the body after it. Properties: a success parses to exactly the fields the JSON holds, an
//! error pair is kept raw, anything else is an "unexpected response" diagnosis, every error pair
//! gets a sentence and a fix, and a token never shows in `Debug`.

#![no_main]

use eca_verify::diagnosis::{from_oauth_error, DiagnosisCode};
use eca_verify::http::Reply;
use eca_verify::token::{parse, TokenError, Tokens};
use eca_verify::FlowChoice;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (status, body) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(status) = status.trim().parse::<u16>() else {
        return;
    };
    let reply = Reply {
        status,
        location: None,
        body: body.to_owned(),
    };
    // The same body read without the parser's types, as the oracle for what it should find.
    let json: Option<Value> = serde_json::from_str(body).ok();

    match parse(&reply) {
        Ok(tokens) => {
            assert!(reply.is_success(), "HTTP {status} parsed as tokens");
            if let Some(json) = &json {
                holds_the_fields(&tokens, &by_name(json, TOKEN_FIELDS));
            }
            assert_eq!(format!("{:?}", tokens.access_token), "<redacted>");
            let _ = (tokens.scopes(), tokens.org_and_user());
        }
        Err(TokenError::OAuth { error, description }) => {
            assert!(!reply.is_success(), "HTTP {status} read as an error pair");
            if let Some(json) = &json {
                let json = by_name(json, &["error", "error_description"]);
                let field = |name: &str| json.get(name).and_then(Value::as_str);
                assert_eq!(Some(error.as_str()), field("error"));
                assert_eq!(description, field("error_description").unwrap_or(""));
            }
            for flow in [
                FlowChoice::ClientCredentials,
                FlowChoice::WebServer,
                FlowChoice::Password,
            ] {
                let diagnosis = from_oauth_error(&error, &description, flow);
                assert!(!diagnosis.message.is_empty() && !diagnosis.fix.is_empty());
                assert!(
                    diagnosis.message.contains(&error),
                    "the diagnosis hides {error:?}"
                );
            }
        }
        Err(TokenError::Other(diagnosis)) => {
            assert_eq!(diagnosis.code, DiagnosisCode::UnexpectedResponse);
            assert!(diagnosis.message.contains(&status.to_string()));
        }
    }
});

/// `Tokens`' fields in declaration order: serde reads a struct from a JSON array too, field by
/// position, so `["tok"]` is a token answer and `["invalid_grant"]` an error pair.
const TOKEN_FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "instance_url",
    "id",
    "issued_at",
    "signature",
    "scope",
    "token_type",
];

/// The body as an object, an array's items named by position as serde names them.
fn by_name(json: &Value, fields: &[&str]) -> Value {
    match json {
        Value::Array(items) => {
            let named = fields
                .iter()
                .map(|name| name.to_string())
                .zip(items.iter().cloned());
            Value::Object(named.collect())
        }
        other => other.clone(),
    }
}

fn holds_the_fields(tokens: &Tokens, json: &Value) {
    let field = |name: &str| json.get(name).and_then(Value::as_str);
    assert_eq!(Some(tokens.access_token.expose()), field("access_token"));
    let refresh = field("refresh_token").filter(|text| !text.is_empty());
    assert_eq!(tokens.refresh_token.as_ref().map(|s| s.expose()), refresh);
    assert_eq!(tokens.instance_url, field("instance_url").unwrap_or(""));
    assert_eq!(tokens.id, field("id").unwrap_or(""));
    assert_eq!(tokens.issued_at, field("issued_at").unwrap_or(""));
    assert_eq!(tokens.signature.as_deref(), field("signature"));
    assert_eq!(tokens.scope.as_deref(), field("scope"));
    assert_eq!(tokens.token_type.as_deref(), field("token_type"));
}

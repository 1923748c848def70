//! Properties of the parsers of what Salesforce and the browser send back: the token endpoint's
//! answer (success or error pair), the OAuth error diagnosis, and the loopback callback query.

use eca_verify::diagnosis::from_oauth_error;
use eca_verify::http::Reply;
use eca_verify::loopback::CallbackQuery;
use eca_verify::token::{parse, TokenError};
use eca_verify::FlowChoice;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn reply(status: u16, body: String) -> Reply {
    Reply {
        status,
        location: None,
        body,
    }
}

fn token_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!._~-]{1,40}"
}

/// A token response as Salesforce sends it, optional fields sometimes left out.
fn token_response() -> impl Strategy<Value = Map<String, Value>> {
    (
        token_text(),
        prop::option::of(token_text()),
        prop::option::of("https://[a-z]{1,10}\\.my\\.salesforce\\.com"),
        prop::option::of("(api|refresh_token|id|web)( (api|refresh_token|id|web)){0,3}"),
        prop::option::of("[0-9]{13}"),
    )
        .prop_map(|(access, refresh, instance, scope, issued)| {
            let mut body = Map::new();
            body.insert("access_token".into(), json!(access));
            if let Some(refresh) = refresh {
                body.insert("refresh_token".into(), json!(refresh));
            }
            if let Some(instance) = instance {
                body.insert("instance_url".into(), json!(instance));
            }
            if let Some(scope) = scope {
                body.insert("scope".into(), json!(scope));
            }
            if let Some(issued) = issued {
                body.insert("issued_at".into(), json!(issued));
            }
            body.insert("token_type".into(), json!("Bearer"));
            body
        })
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Extra fields under names the parser does not read.
fn extra_fields() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(("x_[a-z_]{0,10}|[A-Z][a-zA-Z]{0,10}", any_json()), 0..5)
}

fn with_extras(mut body: Map<String, Value>, extras: Vec<(String, Value)>) -> String {
    for (name, value) in extras {
        body.entry(name).or_insert(value);
    }
    Value::Object(body).to_string()
}

/// A proper prefix of `text`, cut at a char boundary picked by `fraction`.
fn cut(text: &str, fraction: f64) -> &str {
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let at = boundaries[((boundaries.len() as f64) * fraction) as usize % boundaries.len()];
    &text[..at]
}

fn flow() -> impl Strategy<Value = FlowChoice> {
    prop_oneof![
        Just(FlowChoice::ClientCredentials),
        Just(FlowChoice::WebServer),
        Just(FlowChoice::Password),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_token_response_with_extra_fields_still_parses(
        body in token_response(),
        extras in extra_fields(),
    ) {
        let access = body["access_token"].as_str().expect("access token").to_owned();
        let scope = body.get("scope").and_then(Value::as_str).map(str::to_owned);
        let text = with_extras(body, extras);
        let tokens = parse(&reply(200, text.clone()))
            .map_err(|err| TestCaseError::fail(format!("{text} did not parse: {err:?}")))?;
        prop_assert_eq!(tokens.access_token.expose(), access);
        prop_assert_eq!(tokens.scope, scope);
    }

    #[test]
    fn an_error_pair_with_extra_fields_still_parses(
        error in "[a-zA-Z_]{1,30}",
        description in ".{0,40}",
        extras in extra_fields(),
        status in prop::sample::select(vec![400u16, 401, 403, 500]),
    ) {
        let mut body = Map::new();
        body.insert("error".into(), json!(error));
        body.insert("error_description".into(), json!(description));
        let parsed = parse(&reply(status, with_extras(body, extras)));
        prop_assert_eq!(parsed.err(), Some(TokenError::OAuth { error, description }));
    }

    #[test]
    fn a_truncated_token_response_is_an_error(
        body in token_response(),
        extras in extra_fields(),
        fraction in 0.0..1.0f64,
    ) {
        let text = with_extras(body, extras);
        let parsed = parse(&reply(200, cut(&text, fraction).to_owned()));
        prop_assert!(
            matches!(parsed, Err(TokenError::Other(_))),
            "a cut-short answer must be an unexpected-response diagnosis"
        );
    }

    #[test]
    fn a_truncated_error_pair_is_an_error(
        error in "[a-zA-Z_]{1,30}",
        description in ".{0,40}",
        fraction in 0.0..1.0f64,
    ) {
        let text = json!({ "error": error, "error_description": description }).to_string();
        let parsed = parse(&reply(400, cut(&text, fraction).to_owned()));
        prop_assert!(matches!(parsed, Err(TokenError::Other(_))), "{:?}", parsed);
    }

    #[test]
    fn any_token_endpoint_body_gets_an_answer(
        status in any::<u16>(),
        body in prop_oneof![any::<String>(), any_json().prop_map(|v| v.to_string())],
    ) {
        // Success or error, but always an answer: a panic here would end the verification.
        let _ = parse(&reply(status, body));
    }

    #[test]
    fn any_oauth_error_pair_is_diagnosed(
        error in prop_oneof![
            any::<String>(),
            "invalid_client_id|invalid_client|invalid_grant|unsupported_grant_type|OAUTH_EC_APP_NOT_FOUND|redirect_uri_mismatch",
        ],
        description in any::<String>(),
        flow in flow(),
    ) {
        let diagnosis = from_oauth_error(&error, &description, flow);
        prop_assert!(!diagnosis.message.is_empty());
        prop_assert!(!diagnosis.fix.is_empty());
    }

    #[test]
    fn any_callback_query_is_read_without_panicking(query in any::<String>()) {
        let _ = CallbackQuery::parse(&query);
    }

    #[test]
    fn a_well_formed_callback_yields_its_code_and_state(
        code in any::<String>(),
        state in any::<String>(),
        others in prop::collection::vec(("[a-z]{1,8}", ".{0,8}"), 0..3),
        state_first in any::<bool>(),
    ) {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in others.iter().filter(|(name, _)| !matches!(name.as_str(), "code" | "state" | "error")) {
            query.append_pair(name, value);
        }
        if state_first {
            query.append_pair("state", &state).append_pair("code", &code);
        } else {
            query.append_pair("code", &code).append_pair("state", &state);
        }
        let parsed = CallbackQuery::parse(&query.finish());
        prop_assert_eq!(parsed.code.as_ref().map(|c| c.expose()), Some(code.as_str()));
        prop_assert_eq!(parsed.state, Some(state));
        prop_assert_eq!(parsed.error, None);
    }
}

//! The Metadata API's SOAP endpoint, `POST /services/Soap/m/{version}`, for the two reads the
//! ECA check and the inventory make: `readMetadata` of the five External Client App types, named
//! by the app's API Name, filled from the practice config in the vocabulary the metadata export
//! writes, and `listMetadata` of `ExternalClientApplication` (the partner's app and the
//! assistant's own). Faults are HTTP 500 `soapenv:Fault`s with `sf:` codes, as a real org sends
//! them. The consumer secret is never written; every other operation (deploy, update, ...) is
//! refused: the practice org plays an org the assistant may only read.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use eca_core::eca::{Flow, PermittedUsers};
use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;

use crate::config::{ASSISTANT_APP_LABEL, LOOPBACK_CALLBACK};
use crate::org::{grants_api, Org};

/// The assistant's own External Client App's API Name in the practice org (its label is
/// `ASSISTANT_APP_LABEL`).
pub const ASSISTANT_API_NAME: &str = "ECA_Setup_Assistant";

const XML: &str = "text/xml;charset=UTF-8";

/// A SOAP fault: `<faultcode>sf:CODE</faultcode><faultstring>CODE: message</faultstring>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub code: &'static str,
    pub message: String,
}

impl Fault {
    fn invalid_session() -> Fault {
        Fault {
            code: "INVALID_SESSION_ID",
            message: "Invalid Session ID found in SessionHeader: Illegal Session".into(),
        }
    }

    fn invalid_type() -> Fault {
        Fault {
            code: "INVALID_TYPE",
            message: "This type of metadata is not available for this organization".into(),
        }
    }

    fn insufficient(message: impl Into<String>) -> Fault {
        Fault {
            code: "INSUFFICIENT_ACCESS",
            message: message.into(),
        }
    }
}

impl IntoResponse for Fault {
    fn into_response(self) -> Response {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:sf=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body><soapenv:Fault><faultcode>sf:{code}</faultcode><faultstring>{code}: {message}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
            code = self.code,
            message = escape(&self.message),
        );
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(CONTENT_TYPE, XML)],
            body,
        )
            .into_response()
    }
}

/// What a SOAP request carries that the practice org reads.
#[derive(Debug, Default, PartialEq, Eq)]
struct Call {
    session: Option<String>,
    operation: Option<String>,
    kind: Option<String>,
    full_names: Vec<String>,
    /// `listMetadata`'s `queries/type`, one per query.
    list_types: Vec<String>,
}

/// The local name of the first element in `soapenv:Body`: the operation.
pub fn operation(body: &[u8]) -> Option<String> {
    parse(body).operation
}

fn parse(body: &[u8]) -> Call {
    let mut reader = Reader::from_reader(body);
    let mut call = Call::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(start)) => {
                let name: String = start.local_name().as_ref().to_owned();
                if path.last().is_some_and(|parent| parent == "Body") && call.operation.is_none() {
                    call.operation = Some(name.clone());
                }
                text.clear();
                path.push(name);
            }
            Ok(Event::Empty(start)) => {
                let name: String = start.local_name().as_ref().to_owned();
                if path.last().is_some_and(|parent| parent == "Body") && call.operation.is_none() {
                    call.operation = Some(name);
                }
            }
            Ok(Event::End(_)) => {
                let value = text.trim().to_owned();
                let parent = path.iter().rev().nth(1).map(String::as_str);
                match (parent, path.last().map(String::as_str)) {
                    (Some("SessionHeader"), Some("sessionId")) => call.session = Some(value),
                    (Some("readMetadata"), Some("type")) => call.kind = Some(value),
                    (Some("readMetadata"), Some("fullNames")) => call.full_names.push(value),
                    (Some("queries"), Some("type")) => call.list_types.push(value),
                    _ => {}
                }
                text.clear();
                path.pop();
            }
            Ok(Event::Text(chunk)) => text.push_str(&chunk.xml10_content()),
            Ok(Event::GeneralRef(entity)) => text.push_str(match &*entity.xml10_content() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => "",
            }),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    call
}

pub async fn soap(State(org): State<Arc<Org>>, body: Bytes) -> Response {
    match answer(&org, &body) {
        Ok(xml) => (StatusCode::OK, [(CONTENT_TYPE, XML)], xml).into_response(),
        Err(fault) => fault.into_response(),
    }
}

fn answer(org: &Org, body: &[u8]) -> Result<String, Fault> {
    let call = parse(body);
    let token = call.session.as_deref().ok_or_else(Fault::invalid_session)?;
    let api = org
        .grants()
        .access(token)
        .map(|session| grants_api(&session.scope))
        .ok_or_else(Fault::invalid_session)?;
    if !api {
        return Err(Fault::invalid_session());
    }
    org.count_api_request();
    match call.operation.as_deref() {
        Some("readMetadata") => {}
        Some("listMetadata") => return list(org, &call.list_types),
        other => {
            return Err(Fault::insufficient(format!(
                "the practice org answers readMetadata and listMetadata only; {} changes or reads nothing here",
                other.unwrap_or("this call")
            )))
        }
    }
    let kind = call.kind.as_deref().unwrap_or_default();
    let fields: fn(&Org) -> Vec<(&'static str, String)> = match kind {
        "ExternalClientApplication" => application,
        "ExtlClntAppOauthSettings" => oauth_settings,
        "ExtlClntAppGlobalOauthSettings" => {
            if !org.config.metadata_secret_access {
                return Err(Fault::insufficient(
                    "insufficient access rights: reading ExtlClntAppGlobalOauthSettings needs the permission View External Client Apps Consumer Secrets in Metadata",
                ));
            }
            global_settings
        }
        "ExtlClntAppConfigurablePolicies" => policies,
        "ExtlClntAppOauthConfigurablePolicies" => oauth_policies,
        _ => return Err(Fault::invalid_type()),
    };
    let records: String = call
        .full_names
        .iter()
        .map(|name| {
            let found = if name == &org.config.api_name && org.config.app_installed {
                Some(fields(org))
            } else if name == ASSISTANT_API_NAME {
                assistant(org, kind)
            } else {
                None
            };
            match found {
                Some(fields) => {
                    let inner: String = std::iter::once(("fullName", name.clone()))
                        .chain(fields)
                        .map(|(element, text)| format!("<{element}>{}</{element}>", escape(&text)))
                        .collect();
                    format!("<records xsi:type=\"{kind}\">{inner}</records>")
                }
                // A name the org does not have: an empty record of the type (FIDELITY.md X8).
                None => format!("<records xsi:type=\"{kind}\"/>"),
            }
        })
        .collect();
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"http://soap.sforce.com/2006/04/metadata\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><readMetadataResponse><result>{records}</result></readMetadataResponse></soapenv:Body></soapenv:Envelope>"
    ))
}

/// `listMetadata`: one `result` (FileProperties) per External Client App, the partner's (when
/// installed) and the assistant's own; a query of another type lists nothing here, a type the
/// practice org does not serve at all is `INVALID_TYPE` (FIDELITY.md X23–X25).
fn list(org: &Org, types: &[String]) -> Result<String, Fault> {
    const ECA_TYPES: [&str; 5] = [
        "ExternalClientApplication",
        "ExtlClntAppOauthSettings",
        "ExtlClntAppGlobalOauthSettings",
        "ExtlClntAppConfigurablePolicies",
        "ExtlClntAppOauthConfigurablePolicies",
    ];
    if types.iter().any(|kind| !ECA_TYPES.contains(&kind.as_str())) {
        return Err(Fault::invalid_type());
    }
    if !types.iter().any(|kind| kind == "ExternalClientApplication") {
        return Ok(list_answer(""));
    }
    let mut apps = Vec::new();
    if org.config.app_installed {
        apps.push((org.config.api_name.as_str(), "0xR000000000001AAA"));
    }
    apps.push((ASSISTANT_API_NAME, "0xR000000000002AAA"));
    let results: String = apps
        .into_iter()
        .map(|(name, id)| {
            let name = escape(name);
            format!(
                "<result><createdById>005000000000001AAA</createdById><createdByName>Practice Admin</createdByName><createdDate>2026-01-05T09:00:00.000Z</createdDate><fileName>externalClientApps/{name}.eca</fileName><fullName>{name}</fullName><id>{id}</id><lastModifiedById>005000000000001AAA</lastModifiedById><lastModifiedByName>Practice Admin</lastModifiedByName><lastModifiedDate>2026-01-05T09:00:00.000Z</lastModifiedDate><manageableState>unmanaged</manageableState><type>ExternalClientApplication</type></result>"
            )
        })
        .collect();
    Ok(list_answer(&results))
}

/// The answer; an empty list is an empty `listMetadataResponse` (FIDELITY.md X24).
fn list_answer(results: &str) -> String {
    let response = if results.is_empty() {
        "<listMetadataResponse/>".to_owned()
    } else {
        format!("<listMetadataResponse>{results}</listMetadataResponse>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body>{response}</soapenv:Body></soapenv:Envelope>"
    )
}

/// The assistant's own app, as its profile sets it up: its header and its global OAuth settings
/// (a loopback callback, PKCE, no secret). Its other components are not served.
fn assistant(org: &Org, kind: &str) -> Option<Vec<(&'static str, String)>> {
    match kind {
        "ExternalClientApplication" => Some(vec![
            ("contactEmail", org.config.contact_email.clone()),
            ("distributionState", "Local".into()),
            ("isProtected", "false".into()),
            ("label", ASSISTANT_APP_LABEL.into()),
        ]),
        "ExtlClntAppGlobalOauthSettings" => Some(vec![
            ("callbackUrl", LOOPBACK_CALLBACK.into()),
            ("consumerKey", org.config.assistant_key.clone()),
            ("externalClientApplication", ASSISTANT_API_NAME.into()),
            ("isConsumerSecretOptional", "true".into()),
            ("isPkceRequired", "true".into()),
            ("label", ASSISTANT_APP_LABEL.into()),
        ]),
        _ => None,
    }
}

/// A metadata value: the core enums' serialized names are Salesforce's metadata values.
fn value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn application(org: &Org) -> Vec<(&'static str, String)> {
    let config = &org.config;
    vec![
        ("contactEmail", config.contact_email.clone()),
        ("distributionState", value(&config.distribution_state)),
        ("isProtected", "false".into()),
        ("label", config.app_label.clone()),
    ]
}

fn oauth_settings(org: &Org) -> Vec<(&'static str, String)> {
    let config = &org.config;
    let scopes: Vec<&str> = config
        .scopes
        .iter()
        .flat_map(|scope| scope.metadata_names().iter().copied())
        .collect();
    vec![
        ("commaSeparatedOauthScopes", scopes.join(",")),
        ("externalClientApplication", config.api_name.clone()),
        ("label", config.app_label.clone()),
    ]
}

fn global_settings(org: &Org) -> Vec<(&'static str, String)> {
    let config = &org.config;
    let flow = |flow: Flow| config.flows.contains(&flow).to_string();
    // The key is shown; the consumer secret never leaves the practice org (FIDELITY.md X5).
    vec![
        ("callbackUrl", config.callback_urls.join("\n")),
        ("consumerKey", org.app_key().to_owned()),
        ("externalClientApplication", config.api_name.clone()),
        (
            "isClientCredentialsFlowEnabled",
            flow(Flow::ClientCredentials),
        ),
        (
            "isCodeCredFlowEnabled",
            flow(Flow::AuthorizationCodeAndCredentials),
        ),
        (
            "isConsumerSecretOptional",
            (!config.require_secret_web_server).to_string(),
        ),
        ("isDeviceFlowEnabled", flow(Flow::Device)),
        (
            "isNamedUserJwtEnabled",
            config.jwt_access_tokens.to_string(),
        ),
        ("isPkceRequired", config.require_pkce.to_string()),
        ("isRefreshTokenRotationEnabled", config.rotation.to_string()),
        (
            "isSecretRequiredForRefreshToken",
            config.require_secret_refresh.to_string(),
        ),
        ("isTokenExchangeEnabled", flow(Flow::TokenExchange)),
        ("label", config.app_label.clone()),
    ]
}

fn policies(org: &Org) -> Vec<(&'static str, String)> {
    let config = &org.config;
    vec![
        ("externalClientApplication", config.api_name.clone()),
        ("isEnabled", "true".into()),
        ("isOauthPluginEnabled", "true".into()),
        ("label", config.app_label.clone()),
    ]
}

fn oauth_policies(org: &Org) -> Vec<(&'static str, String)> {
    let config = &org.config;
    let mut fields = Vec::new();
    if let (true, Some(user)) = (config.client_credentials, &config.run_as) {
        fields.push(("clientCredentialsFlowUser", user.clone()));
    }
    fields.extend([
        ("externalClientApplication", config.api_name.clone()),
        ("ipRelaxationPolicyType", value(&config.ip_relaxation)),
        (
            "isClientCredentialsFlowEnabled",
            config.client_credentials.to_string(),
        ),
        ("label", config.app_label.clone()),
        ("permittedUsersPolicyType", value(&config.permitted_users)),
        (
            "refreshTokenPolicyType",
            config.refresh_token_policy.metadata_value().to_owned(),
        ),
    ]);
    if let Some(validity) = config.refresh_token_policy.validity() {
        fields.extend([
            ("refreshTokenValidityPeriod", validity.period.to_string()),
            ("refreshTokenValidityUnit", value(&validity.unit)),
        ]);
    }
    // Admin-approved apps name the profiles and permission sets they are assigned to; the
    // practice org's is its one permission set when the user is pre-approved.
    if config.permitted_users == PermittedUsers::AdminApprovedPreAuthorized && config.preapproved {
        fields.push((
            "commaSeparatedPermissionSet",
            crate::config::DEFAULT_PERMISSION_SET.to_owned(),
        ));
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_call_as_jsforce_sends_it() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>00D!AQ.tok</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><readMetadata><type>ExternalClientApplication</type><fullNames>A_b</fullNames><fullNames>C</fullNames></readMetadata></soapenv:Body></soapenv:Envelope>"#;
        assert_eq!(
            parse(body),
            Call {
                session: Some("00D!AQ.tok".into()),
                operation: Some("readMetadata".into()),
                kind: Some("ExternalClientApplication".into()),
                full_names: vec!["A_b".into(), "C".into()],
                list_types: Vec::new(),
            }
        );
        let list = br#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>t</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><listMetadata><queries><type>ExternalClientApplication</type></queries><asOfVersion>68.0</asOfVersion></listMetadata></soapenv:Body></soapenv:Envelope>"#;
        let call = parse(list);
        assert_eq!(call.operation.as_deref(), Some("listMetadata"));
        assert_eq!(call.list_types, ["ExternalClientApplication"]);
        let deploy = br#"<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><met:deploy xmlns:met="x"><met:ZipFile>UEs=</met:ZipFile></met:deploy></env:Body></env:Envelope>"#;
        assert_eq!(operation(deploy).as_deref(), Some("deploy"));
    }
}

//! The Metadata API's `readMetadata`, for the five External Client App types: the SOAP envelope
//! (as jsforce's metadata client sends it: `POST /services/Soap/m/{version}`, the access token
//! as `SessionHeader/sessionId`, `type` and `fullNames`), the answer's `records` with their
//! `xsi:type`, and a fault (`soapenv:Fault`, HTTP 500) as a typed error. A name the org does not
//! have comes back as a record without `fullName` (readMetadata does not fault for it), which
//! is dropped here. `listMetadata` (the same endpoint, `queries/type` and `asOfVersion`, as
//! jsforce's `metadata.list` sends it) names every component of a type: one `result`
//! (FileProperties: `fullName`, `type`, `id`, `createdDate`, ...) each. Reads only: no other
//! Metadata API call is made.

use eca_core::secret::Secret;
use eca_verify::http::Reply;
use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::OrgError;
use crate::OrgSession;

pub const NAMESPACE: &str = "http://soap.sforce.com/2006/04/metadata";

/// The five types, each named as the Metadata API names it.
pub const EXTERNAL_CLIENT_APPLICATION: &str = "ExternalClientApplication";
pub const OAUTH_SETTINGS: &str = "ExtlClntAppOauthSettings";
pub const GLOBAL_OAUTH_SETTINGS: &str = "ExtlClntAppGlobalOauthSettings";
pub const POLICIES: &str = "ExtlClntAppConfigurablePolicies";
pub const OAUTH_POLICIES: &str = "ExtlClntAppOauthConfigurablePolicies";

/// The permission each read needs, as Salesforce names it. readMetadata: "Modify Metadata
/// Through Metadata API Functions" or "Modify All Data" (Metadata API Developer Guide,
/// readMetadata()); ExtlClntAppGlobalOauthSettings also "View External Client Apps Consumer
/// Secrets in Metadata" with the org setting "Allow Access to OAuth Consumer Secrets via
/// Metadata API" (its type page).
pub fn permission_for(type_name: &str) -> &'static str {
    if type_name == GLOBAL_OAUTH_SETTINGS {
        "the permission View External Client Apps Consumer Secrets in Metadata (and the org setting Allow access to External Client App consumer secrets via Metadata API)"
    } else {
        "the permission Modify Metadata Through Metadata API Functions (or Modify All Data)"
    }
}

/// One component as read: its type, its `fullName`, and each field's text in document order
/// (a field that repeats appears once per value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub type_name: String,
    pub full_name: String,
    pub fields: Vec<(String, String)>,
}

impl Record {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// `true` / `false` as the metadata writes them; `None` when absent or anything else.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)?.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

/// The request body for `type_name` and `full_names`.
pub fn envelope(token: &Secret, type_name: &str, full_names: &[String]) -> String {
    let names: String = full_names
        .iter()
        .map(|name| format!("<fullNames>{}</fullNames>", escape(name.as_str())))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <soapenv:Header xmlns=\"{NAMESPACE}\"><SessionHeader><sessionId>{}</sessionId></SessionHeader></soapenv:Header>\
         <soapenv:Body xmlns=\"{NAMESPACE}\"><readMetadata><type>{}</type>{names}</readMetadata></soapenv:Body>\
         </soapenv:Envelope>",
        escape(token.expose()),
        escape(type_name),
    )
}

/// The `listMetadata` request body for one query of `type_name`.
pub fn list_envelope(token: &Secret, type_name: &str, version: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <soapenv:Header xmlns=\"{NAMESPACE}\"><SessionHeader><sessionId>{}</sessionId></SessionHeader></soapenv:Header>\
         <soapenv:Body xmlns=\"{NAMESPACE}\"><listMetadata><queries><type>{}</type></queries><asOfVersion>{}</asOfVersion></listMetadata></soapenv:Body>\
         </soapenv:Envelope>",
        escape(token.expose()),
        escape(type_name),
        escape(version),
    )
}

/// Every component of `type_name` the org has, as FileProperties: `type_name` is the `type`,
/// `full_name` the `fullName`, `fields` all of them.
pub async fn list(session: &OrgSession, type_name: &str) -> Result<Vec<Record>, OrgError> {
    let url = format!(
        "{}/services/Soap/m/{}",
        session.instance.trim_end_matches('/'),
        session.version
    );
    let body = list_envelope(&session.token, type_name, &session.version);
    let reply = session.transport().post_soap(&url, body).await?;
    parse_list(&reply, type_name)
}

/// A `listMetadata` answer: its results, or its fault as an error.
pub fn parse_list(reply: &Reply, type_name: &str) -> Result<Vec<Record>, OrgError> {
    let read = walk(&reply.body, "listMetadataResponse", "result")
        .ok_or_else(|| unreadable_as(reply, "listMetadata", type_name))?;
    if let Some((code, text)) = read.fault {
        return Err(fault(&code, &text, type_name));
    }
    if !reply.is_success() || !read.answered {
        return Err(unreadable_as(reply, "listMetadata", type_name));
    }
    Ok(read
        .records
        .into_iter()
        .filter(|record| !record.full_name.is_empty())
        .map(|mut record| {
            if let Some(kind) = record.get("type") {
                record.type_name = kind.to_owned();
            }
            record
        })
        .collect())
}

/// Reads `full_names` of `type_name` (at most ten per call, as Salesforce allows); returns the
/// components that exist.
pub async fn read(
    session: &OrgSession,
    type_name: &str,
    full_names: &[String],
) -> Result<Vec<Record>, OrgError> {
    let url = format!(
        "{}/services/Soap/m/{}",
        session.instance.trim_end_matches('/'),
        session.version
    );
    let body = envelope(
        &session.token,
        type_name,
        &full_names[..full_names.len().min(10)],
    );
    let reply = session.transport().post_soap(&url, body).await?;
    parse(&reply, type_name)
}

/// The answer: its records, or its fault as an error.
pub fn parse(reply: &Reply, type_name: &str) -> Result<Vec<Record>, OrgError> {
    let read = walk(&reply.body, "readMetadataResponse", "records")
        .ok_or_else(|| unreadable(reply, type_name))?;
    if let Some((code, text)) = read.fault {
        return Err(fault(&code, &text, type_name));
    }
    if !reply.is_success() || !read.answered {
        return Err(unreadable(reply, type_name));
    }
    Ok(read
        .records
        .into_iter()
        .filter(|record| !record.full_name.is_empty())
        .collect())
}

fn unreadable(reply: &Reply, type_name: &str) -> OrgError {
    unreadable_as(reply, "readMetadata", type_name)
}

fn unreadable_as(reply: &Reply, call: &str, type_name: &str) -> OrgError {
    OrgError::Unexpected {
        what: format!("{call} for {type_name}"),
        status: reply.status,
    }
}

/// A fault's code (`sf:INSUFFICIENT_ACCESS`, prefix dropped) as the error it means.
fn fault(code: &str, text: &str, type_name: &str) -> OrgError {
    let code = code.rsplit(':').next().unwrap_or(code);
    let said = format!("{code}: {text}");
    match code {
        "INVALID_SESSION_ID" => OrgError::SessionEnded { said },
        "INSUFFICIENT_ACCESS"
        | "INSUFFICIENT_ACCESS_OR_READONLY"
        | "API_DISABLED_FOR_ORG"
        | "API_CURRENTLY_DISABLED" => OrgError::NoAccess {
            what: format!("the metadata type {type_name}"),
            permission: permission_for(type_name).to_owned(),
            said,
        },
        "INVALID_TYPE" => OrgError::UnknownType {
            what: format!("the metadata type {type_name}"),
            said,
        },
        _ => OrgError::Unexpected {
            what: format!("readMetadata for {type_name} ({said})"),
            status: 500,
        },
    }
}

#[derive(Default)]
struct Walked {
    /// The response element was there.
    answered: bool,
    records: Vec<Record>,
    fault: Option<(String, String)>,
}

/// Every `element` (`records` of a read, `result` of a list) with its direct children's text,
/// whether `response` was there, and a `Fault`'s code and string; `None` when the body is not
/// XML.
fn walk(body: &str, response: &str, element: &str) -> Option<Walked> {
    let mut reader = Reader::from_str(body);
    let mut walked = Walked::default();
    // The open elements' local names.
    let mut path: Vec<String> = Vec::new();
    let mut record: Option<Record> = None;
    let mut text = String::new();
    let mut fault: Option<(String, String)> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(start) => {
                let name = local(start.local_name().as_ref());
                match name.as_str() {
                    name if name == response => walked.answered = true,
                    name if name == element && record.is_none() => {
                        record = Some(Record {
                            type_name: xsi_type(&start).unwrap_or_default(),
                            full_name: String::new(),
                            fields: Vec::new(),
                        });
                    }
                    "Fault" => fault = Some(Default::default()),
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            // An empty answer, `<listMetadataResponse/>`: an org without any such component.
            Event::Empty(start) if local(start.local_name().as_ref()) == response => {
                walked.answered = true;
            }
            // `<records xsi:type="…"/>`, a name the org does not have, is skipped like any
            // empty element: it would be dropped for want of a `fullName` anyway.
            Event::Text(part) => text.push_str(&part.xml10_content()),
            Event::CData(part) => text.push_str(&part.into_inner()),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(match reference.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(_) => {
                let name = path.pop()?;
                let parent = path.last().map(String::as_str);
                match (name.as_str(), parent) {
                    (name, _) if name == element => walked.records.extend(record.take()),
                    ("faultcode", Some("Fault")) => {
                        if let Some(fault) = &mut fault {
                            fault.0 = text.trim().to_owned();
                        }
                    }
                    ("faultstring", Some("Fault")) => {
                        if let Some(fault) = &mut fault {
                            fault.1 = text.trim().to_owned();
                        }
                    }
                    ("Fault", _) => walked.fault = fault.take(),
                    (field, Some(parent)) if parent == element => {
                        if let Some(record) = &mut record {
                            let value = text.trim().to_owned();
                            if field == "fullName" {
                                record.full_name.clone_from(&value);
                            }
                            record.fields.push((field.to_owned(), value));
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    path.is_empty().then_some(walked)
}

fn local(name: &str) -> String {
    name.to_owned()
}

/// The `xsi:type` attribute, without a prefix on its value.
fn xsi_type(start: &quick_xml::events::BytesStart) -> Option<String> {
    start.attributes().flatten().find_map(|attribute| {
        (attribute.key.local_name().as_ref() == "type"
            && attribute.key.prefix().is_some_and(|p| p.as_ref() == "xsi"))
        .then(|| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
        })
        .flatten()
        .map(|value| value.rsplit(':').next().unwrap_or(&value).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            location: None,
            body: body.into(),
        }
    }

    /// A readMetadata answer in the shape the Metadata API sends (jsforce reads `records` and
    /// their `xsi:type` from it): one app that exists and one name that does not.
    const ANSWER: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><readMetadataResponse><result><records xsi:type="ExtlClntAppGlobalOauthSettings"><fullName>Vonage_AI_Studio_glbloauth</fullName><callbackUrl>https://api-eu.vonage.com/oauth/redirect
http://localhost:1717/OauthRedirect</callbackUrl><externalClientApplication>Vonage_AI_Studio</externalClientApplication><isPkceRequired>true</isPkceRequired><label>Vonage &amp; AI</label></records><records xsi:type="ExtlClntAppGlobalOauthSettings"/></result></readMetadataResponse></soapenv:Body></soapenv:Envelope>"#;

    #[test]
    fn records_are_read_with_their_type_and_fields_and_missing_names_dropped() {
        let records = parse(&reply(200, ANSWER), GLOBAL_OAUTH_SETTINGS).expect("records");
        assert_eq!(records.len(), 1, "the name the org lacks is dropped");
        let record = &records[0];
        assert_eq!(record.type_name, GLOBAL_OAUTH_SETTINGS);
        assert_eq!(record.full_name, "Vonage_AI_Studio_glbloauth");
        assert_eq!(record.flag("isPkceRequired"), Some(true));
        assert_eq!(record.get("label"), Some("Vonage & AI"));
        assert_eq!(
            record.get("callbackUrl").map(|urls| urls.lines().count()),
            Some(2)
        );
        assert_eq!(record.flag("isConsumerSecretOptional"), None);
    }

    /// A listMetadata answer in the FileProperties shape (jsforce's `FileProperties` schema).
    const LIST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><listMetadataResponse><result><createdDate>2026-01-05T09:00:00.000Z</createdDate><fileName>externalClientApps/Vonage_AI_Studio.eca</fileName><fullName>Vonage_AI_Studio</fullName><id>0xR000000000001AAA</id><type>ExternalClientApplication</type></result><result><fullName>ECA_Setup_Assistant</fullName><type>ExternalClientApplication</type></result></listMetadataResponse></soapenv:Body></soapenv:Envelope>"#;

    #[test]
    fn a_list_answer_names_each_component_with_its_file_properties() {
        let listed = parse_list(&reply(200, LIST), EXTERNAL_CLIENT_APPLICATION).expect("listed");
        let names: Vec<&str> = listed.iter().map(|r| r.full_name.as_str()).collect();
        assert_eq!(names, ["Vonage_AI_Studio", "ECA_Setup_Assistant"]);
        assert_eq!(listed[0].type_name, EXTERNAL_CLIENT_APPLICATION);
        assert_eq!(listed[0].get("id"), Some("0xR000000000001AAA"));
        let empty = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><listMetadataResponse/></soapenv:Body></soapenv:Envelope>"#;
        assert!(
            matches!(parse_list(&reply(200, empty), EXTERNAL_CLIENT_APPLICATION), Ok(list) if list.is_empty()),
            "an org without any lists none"
        );
        let refused = parse_list(
            &reply(500, &fault_body("INSUFFICIENT_ACCESS")),
            EXTERNAL_CLIENT_APPLICATION,
        );
        assert!(
            matches!(refused, Err(OrgError::NoAccess { .. })),
            "{refused:?}"
        );
        let body = list_envelope(&Secret::new("t"), EXTERNAL_CLIENT_APPLICATION, "66.0");
        assert!(body.contains("<listMetadata><queries><type>ExternalClientApplication</type></queries><asOfVersion>66.0</asOfVersion></listMetadata>"), "{body}");
    }

    fn fault_body(code: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><soapenv:Fault><faultcode>sf:{code}</faultcode><faultstring>{code}: words</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#
        )
    }

    #[test]
    fn faults_become_typed_errors_with_a_fix() {
        let ended = parse(
            &reply(500, &fault_body("INVALID_SESSION_ID")),
            OAUTH_SETTINGS,
        );
        assert!(
            matches!(ended, Err(OrgError::SessionEnded { .. })),
            "{ended:?}"
        );
        let refused = parse(
            &reply(500, &fault_body("INSUFFICIENT_ACCESS")),
            GLOBAL_OAUTH_SETTINGS,
        )
        .expect_err("refused");
        assert!(matches!(refused, OrgError::NoAccess { .. }), "{refused:?}");
        assert!(
            refused
                .fix()
                .contains("View External Client Apps Consumer Secrets in Metadata"),
            "{}",
            refused.fix()
        );
        let unknown = parse(&reply(500, &fault_body("INVALID_TYPE")), POLICIES);
        assert!(
            matches!(unknown, Err(OrgError::UnknownType { .. })),
            "{unknown:?}"
        );
        let other = parse(&reply(500, &fault_body("UNKNOWN_EXCEPTION")), POLICIES);
        assert!(
            matches!(other, Err(OrgError::Unexpected { .. })),
            "{other:?}"
        );
    }

    #[test]
    fn an_answer_that_is_not_salesforces_is_unexpected() {
        for (status, body) in [(200, "<html>login</html>"), (200, "not xml <"), (404, "")] {
            assert!(
                matches!(
                    parse(&reply(status, body), POLICIES),
                    Err(OrgError::Unexpected { .. })
                ),
                "{status} {body}"
            );
        }
    }

    #[test]
    fn the_envelope_carries_the_session_type_and_names_escaped() {
        let body = envelope(
            &Secret::new("00D!AQ<x>"),
            OAUTH_POLICIES,
            &["A&B".to_owned(), "C".to_owned()],
        );
        assert!(
            body.contains("<sessionId>00D!AQ&lt;x&gt;</sessionId>"),
            "{body}"
        );
        assert!(body.contains("<type>ExtlClntAppOauthConfigurablePolicies</type>"));
        assert!(body.contains("<fullNames>A&amp;B</fullNames><fullNames>C</fullNames>"));
    }
}

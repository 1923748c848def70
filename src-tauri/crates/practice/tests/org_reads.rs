//! What the ECA check and the 2027 inventory read, over real loopback HTTP: the Metadata API's
//! `readMetadata` (its records, and the faults a real org sends), SOQL over OauthToken,
//! LoginHistory, ConnectedApplication and User, and the request log that proves a client only
//! read.

mod common;

use common::*;
use eca_practice::PracticeOrg;
use reqwest::StatusCode;
use serde_json::Value;

const ENVELOPE_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata">"#;

fn envelope(session: &str, body: &str) -> String {
    format!(
        "{ENVELOPE_HEAD}<SessionHeader><sessionId>{session}</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns=\"http://soap.sforce.com/2006/04/metadata\">{body}</soapenv:Body></soapenv:Envelope>"
    )
}

fn read_call(kind: &str, names: &[&str]) -> String {
    let names: String = names
        .iter()
        .map(|name| format!("<fullNames>{name}</fullNames>"))
        .collect();
    format!("<readMetadata><type>{kind}</type>{names}</readMetadata>")
}

async fn soap(org: &PracticeOrg, body: String) -> (StatusCode, String) {
    let response = client()
        .post(format!("{}/services/Soap/m/68.0", org.base_url()))
        .header("Content-Type", "text/xml")
        .header("SOAPAction", "\"\"")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml"),
        "SOAP answers are XML"
    );
    (status, response.text().await.unwrap())
}

async fn read(org: &PracticeOrg, token: &str, kind: &str, names: &[&str]) -> (StatusCode, String) {
    soap(org, envelope(token, &read_call(kind, names))).await
}

async fn admin_token(org: &PracticeOrg) -> String {
    let (status, body) = web_server_token(org, true).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    str_of(&body, "access_token").to_owned()
}

async fn query(org: &PracticeOrg, token: &str, soql: &str) -> (StatusCode, Value) {
    let response = client()
        .get(format!("{}/services/data/v68.0/query", org.base_url()))
        .query(&[("q", soql)])
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn fault_code(xml: &str) -> &str {
    let start = xml.find("<faultcode>").expect("a faultcode") + "<faultcode>".len();
    &xml[start..start + xml[start..].find('<').unwrap()]
}

fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    Some(&xml[start..start + xml[start..].find('<')?])
}

#[tokio::test]
async fn read_metadata_answers_each_type_from_the_practice_app() {
    let org = start(&[
        ("api_name", "Practice_App"),
        ("app_label", "Practice App"),
        ("require_pkce", "true"),
        ("refresh_token_policy", "SpecificLifetime"),
        ("metadata_secret_access", "true"),
    ])
    .await;
    let token = admin_token(&org).await;
    let (status, xml) = read(&org, &token, "ExternalClientApplication", &["Practice_App"]).await;
    assert_eq!(status, StatusCode::OK, "{xml}");
    assert!(xml.contains("<readMetadataResponse><result><records xsi:type=\"ExternalClientApplication\"><fullName>Practice_App</fullName>"), "{xml}");
    assert_eq!(element(&xml, "label"), Some("Practice App"));
    assert_eq!(element(&xml, "distributionState"), Some("Local"));

    let (_, xml) = read(&org, &token, "ExtlClntAppOauthSettings", &["Practice_App"]).await;
    let scopes = element(&xml, "commaSeparatedOauthScopes").unwrap();
    assert!(scopes.starts_with("Api,RefreshToken"), "{scopes}");

    let (_, xml) = read(
        &org,
        &token,
        "ExtlClntAppGlobalOauthSettings",
        &["Practice_App"],
    )
    .await;
    assert_eq!(element(&xml, "isPkceRequired"), Some("true"));
    assert_eq!(element(&xml, "consumerKey"), Some(KEY));
    assert!(!xml.contains(SECRET), "the consumer secret is never served");
    assert!(!xml.contains("consumerSecret"));

    let (_, xml) = read(
        &org,
        &token,
        "ExtlClntAppOauthConfigurablePolicies",
        &["Practice_App"],
    )
    .await;
    assert_eq!(
        element(&xml, "refreshTokenPolicyType"),
        Some("SpecificLifetime")
    );
    assert!(element(&xml, "refreshTokenValidityPeriod").is_some());
    assert_eq!(element(&xml, "clientCredentialsFlowUser"), Some(RUN_AS));
    assert_eq!(
        element(&xml, "isClientCredentialsFlowEnabled"),
        Some("true")
    );

    let (_, xml) = read(
        &org,
        &token,
        "ExtlClntAppConfigurablePolicies",
        &["Practice_App"],
    )
    .await;
    assert_eq!(element(&xml, "isOauthPluginEnabled"), Some("true"));
    org.shutdown().await;
}

#[tokio::test]
async fn read_metadata_faults_as_a_real_org_does() {
    let org = start(&[("api_name", "Practice_App")]).await;
    let token = admin_token(&org).await;

    let (status, xml) = read(
        &org,
        "00D000000000PRA!AQnotatoken",
        "ExternalClientApplication",
        &["Practice_App"],
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(fault_code(&xml), "sf:INVALID_SESSION_ID");
    assert!(xml.contains("<soapenv:Fault>"));

    let (status, xml) = read(
        &org,
        &token,
        "ExtlClntAppGlobalOauthSettings",
        &["Practice_App"],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "secret access is off by default"
    );
    assert_eq!(fault_code(&xml), "sf:INSUFFICIENT_ACCESS");

    let (status, xml) = read(&org, &token, "ConnectedApp", &["Practice_App"]).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(fault_code(&xml), "sf:INVALID_TYPE");

    let (status, xml) = read(
        &org,
        &token,
        "ExternalClientApplication",
        &["Not_Here", "Practice_App"],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        xml.contains("<result><records xsi:type=\"ExternalClientApplication\"/><records xsi:type=\"ExternalClientApplication\"><fullName>Practice_App"),
        "an unknown name is an empty record, in the order asked: {xml}"
    );

    let deploy = envelope(&token, "<deploy><ZipFile>UEs=</ZipFile></deploy>");
    let (status, xml) = soap(&org, deploy).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(fault_code(&xml), "sf:INSUFFICIENT_ACCESS");
    org.shutdown().await;
}

/// `listMetadata` as jsforce's `metadata.list` sends it: one query and the API version.
fn list_call(kind: &str) -> String {
    format!("<listMetadata><queries><type>{kind}</type></queries><asOfVersion>68.0</asOfVersion></listMetadata>")
}

#[tokio::test]
async fn list_metadata_lists_every_external_client_app_with_its_file_properties() {
    let org = start(&[("api_name", "Practice_App")]).await;
    let token = admin_token(&org).await;
    let (status, xml) = soap(
        &org,
        envelope(&token, &list_call("ExternalClientApplication")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{xml}");
    assert!(xml.contains("<listMetadataResponse><result>"), "{xml}");
    let names: Vec<&str> = xml
        .split("<fullName>")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .collect();
    assert_eq!(
        names,
        ["Practice_App", eca_practice::ASSISTANT_API_NAME],
        "the partner's app and the assistant's own: {xml}"
    );
    for field in [
        "id",
        "type",
        "fileName",
        "createdDate",
        "lastModifiedDate",
        "createdByName",
    ] {
        assert!(element(&xml, field).is_some(), "{field} in {xml}");
    }
    assert_eq!(
        element(&xml, "fileName"),
        Some("externalClientApps/Practice_App.eca")
    );

    let (status, xml) = soap(&org, envelope(&token, &list_call("ApexClass"))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(fault_code(&xml), "sf:INVALID_TYPE");
    let (status, xml) = soap(
        &org,
        envelope(
            "00D000000000PRA!AQnotatoken",
            &list_call("ExternalClientApplication"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(fault_code(&xml), "sf:INVALID_SESSION_ID");
    org.shutdown().await;
}

#[tokio::test]
async fn inventory_queries_list_tokens_sign_ins_and_the_connected_app() {
    let org = start(&[
        ("connected_app_password_flow", "true"),
        ("app_label", "Practice App"),
        ("scopes", "api,refresh_token"),
    ])
    .await;
    let token = admin_token(&org).await;
    let (status, body) = query(
        &org,
        &token,
        "SELECT AppName, UseCount, LastUsedDate, UserId, CreatedDate FROM OauthToken",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = body["records"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        1,
        "the admin's refresh token; a password-flow app has none: {body}"
    );
    assert_eq!(rows[0]["AppName"], "Practice App");
    assert_eq!(rows[0]["UseCount"], 1);
    assert_eq!(rows[0]["attributes"]["type"], "OauthToken");

    let (_, body) = query(&org, &token, "SELECT Application, LoginType, LoginSubType, LoginTime, Status, UserId FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30 ORDER BY LoginTime DESC").await;
    let rows = body["records"].as_array().unwrap();
    let password: Vec<&Value> = rows
        .iter()
        .filter(|row| row["LoginSubType"] == "OAuth Username-Password")
        .collect();
    assert_eq!(
        password.len(),
        2,
        "two recent sign-ins; the third is 45 days old: {body}"
    );
    assert!(password[0]["Application"]
        .as_str()
        .unwrap()
        .ends_with("(connected app)"));
    assert_eq!(password[0]["LoginType"], "Remote Access 2.0");
    assert!(rows.iter().any(
        |row| row["Application"] == "Practice App" && row["LoginSubType"] == "OAuth Web Server"
    ));

    let (_, body) = query(&org, &token, "SELECT Application, COUNT(Id), MAX(LoginTime) FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30 GROUP BY Application").await;
    let groups = body["records"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{body}");
    assert!(groups
        .iter()
        .any(|g| g["expr0"] == 2 && g["attributes"]["type"] == "AggregateResult"));

    let (status, body) = query(
        &org,
        &token,
        "SELECT Id FROM LoginHistory WHERE LoginSubType = 'OAuth Username-Password'",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], "INVALID_FIELD");
    assert_eq!(
        body[0]["message"],
        "field 'LoginSubType' can not be filtered in query call"
    );

    let (_, body) = query(&org, &token, "SELECT Id, Name FROM ConnectedApplication").await;
    assert_eq!(body["totalSize"], 1);
    org.shutdown().await;
}

#[tokio::test]
async fn a_run_as_user_without_api_access_shows_on_user() {
    let org = start(&[("run_as_api", "false")]).await;
    let token = admin_token(&org).await;
    let soql = format!("SELECT Id, Username, IsActive, Profile.Name, Profile.PermissionsApiEnabled, Profile.PermissionsApiUserOnly FROM User WHERE Username = '{RUN_AS}'");
    let (status, body) = query(&org, &token, &soql).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let user = &body["records"][0];
    assert_eq!(user["IsActive"], true);
    assert_eq!(user["Profile"]["PermissionsApiEnabled"], false);
    assert_eq!(user["Profile"]["PermissionsApiUserOnly"], false);
    assert_eq!(
        user["Profile"]["Name"],
        "Minimum Access - API Only Integrations"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn the_request_log_shows_reads_and_names_a_write() {
    let org = start(&[("api_name", "Practice_App")]).await;
    let token = admin_token(&org).await;
    read(&org, &token, "ExternalClientApplication", &["Practice_App"]).await;
    query(&org, &token, "SELECT Id FROM User").await;
    assert_eq!(
        org.writes(),
        [],
        "signing in, readMetadata and SOQL only read"
    );
    let logged = org.requests();
    assert!(logged
        .iter()
        .any(|r| r.operation.as_deref() == Some("readMetadata")));
    assert!(logged
        .iter()
        .all(|r| !r.path.contains('?') && !r.path.contains(&token)));

    soap(&org, envelope(&token, "<deploy/>")).await;
    let writes = org.writes();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].operation.as_deref(), Some("deploy"));

    let served: Value = client()
        .get(format!("{}{}", org.base_url(), eca_practice::REQUESTS_PATH))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let served = served.as_array().unwrap();
    assert_eq!(
        served.len(),
        logged.len() + 1,
        "the log itself is not logged"
    );
    assert!(served
        .iter()
        .any(|r| r["write"] == true && r["operation"] == "deploy"));
    org.shutdown().await;
}

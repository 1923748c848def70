//! The configured ECA as a Salesforce DX source folder, for teams that deploy from source: the
//! five External Client App types in the metadata vocabulary, so one deploy creates a working
//! app (callback URLs, scopes, flows, security, policies), with a README for what the org needs
//! before the deploy and what is left after it. The consumer key and secret are never written:
//! Salesforce generates them on deploy, and a copy retrieved from the org holds them.
//! Element names and their order follow the Metadata API Developer Guide's field lists.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use eca_core::checklist::{effective_eca, run_as_user, FieldValue};
use eca_core::eca::{Flow, PermittedUsers};
use eca_core::files::{write_atomically, FileError};
use eca_core::inputs::{check_api_name, FieldIssue, SetupInputs};
use eca_core::{checklist, ErrorCode, Profile, StepId, UiError};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::Serialize;

pub const NAMESPACE: &str = "http://soap.sforce.com/2006/04/metadata";
/// A version with every External Client App type and every element written here (the newest,
/// isCodeCredFlowEnabled and isNamedUserJwtEnabled, came in 61.0).
pub const API_VERSION: &str = "62.0";
/// The five types, in the order package.xml lists them.
pub const TYPES: [&str; 5] = [
    "ExternalClientApplication",
    "ExtlClntAppOauthSettings",
    "ExtlClntAppGlobalOauthSettings",
    "ExtlClntAppConfigurablePolicies",
    "ExtlClntAppOauthConfigurablePolicies",
];
const SOURCE_DIR: &str = "force-app/main/default";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    #[error("the API Name cannot name metadata files")]
    InvalidApiName(Vec<FieldIssue>),
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("the XML could not be written: {0}")]
    Xml(#[from] io::Error),
}

impl From<MetadataError> for UiError {
    fn from(err: MetadataError) -> UiError {
        match err {
            MetadataError::InvalidApiName(issues) => UiError::invalid_input(issues),
            MetadataError::NotEmpty(dir) => UiError::new(
                ErrorCode::FileExists,
                format!("{} already has files in it; nothing was written.", dir.display()),
                "Choose a new or empty folder for the metadata.",
            ),
            MetadataError::File(err) => match err {
                FileError::Io { path, source, .. } => UiError::new(
                    ErrorCode::StorageFailed,
                    format!("{} could not be written ({source}).", path.display()),
                    "Check that the disk is not full and that you can write to that folder, then try again.",
                ),
                other => other.into(),
            },
            MetadataError::Xml(err) => UiError::new(
                ErrorCode::Unexpected,
                format!("The metadata XML could not be written ({err})."),
                "This is a bug in the app; please report it.",
            ),
        }
    }
}

/// Writes the source folder into `dir` (created if missing; refused if it has files) and
/// returns the files written, relative to `dir`.
pub fn export_metadata(
    profile: &Profile,
    inputs: &SetupInputs,
    dir: &Path,
) -> Result<Vec<PathBuf>, MetadataError> {
    let api_name = inputs.api_name.trim();
    let issues = check_api_name(api_name);
    if !issues.is_empty() {
        return Err(MetadataError::InvalidApiName(issues));
    }
    if dir
        .read_dir()
        .is_ok_and(|mut entries| entries.next().is_some())
    {
        return Err(MetadataError::NotEmpty(dir.to_owned()));
    }
    let files = metadata_files(profile, inputs)?;
    for (relative, bytes) in &files {
        write_atomically(&dir.join(relative), bytes)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Every file of the export and its contents, without touching the disk.
pub fn metadata_files(
    profile: &Profile,
    inputs: &SetupInputs,
) -> Result<Vec<(PathBuf, Vec<u8>)>, MetadataError> {
    let eca = effective_eca(profile, inputs);
    let name = inputs.api_name.trim();
    let label = if inputs.app_name.trim().is_empty() {
        name
    } else {
        inputs.app_name.trim()
    };
    let list = checklist(profile, inputs);
    let run_as = run_as_user(profile, inputs);
    let scopes: Vec<&str> = eca
        .scopes
        .value
        .iter()
        .flat_map(|scope| scope.metadata_names().iter().copied())
        .collect();

    let app = xml(
        "ExternalClientApplication",
        &[
            ("contactEmail", inputs.contact_email.trim().to_owned()),
            (
                "description",
                format!(
                    "{} integration, set up with ECA Setup Assistant.",
                    profile.name
                ),
            ),
            ("distributionState", value(&eca.distribution_state.value)),
            ("label", label.to_owned()),
        ],
    )?;
    let oauth = xml(
        "ExtlClntAppOauthSettings",
        &[
            ("commaSeparatedOauthScopes", scopes.join(",")),
            ("externalClientApplication", name.to_owned()),
            ("label", label.to_owned()),
        ],
    )?;
    let policies = xml(
        "ExtlClntAppConfigurablePolicies",
        &[
            ("externalClientApplication", name.to_owned()),
            ("isEnabled", "true".to_owned()),
            ("isOauthPluginEnabled", "true".to_owned()),
            ("label", label.to_owned()),
        ],
    )?;
    let permission_sets = inputs.permission_sets(profile);
    let preauthorized = eca.permitted_users.value == PermittedUsers::AdminApprovedPreAuthorized;
    let mut oauth_policy_fields = Vec::new();
    if let (true, Some(user)) = (eca.client_credentials_policy.value, &run_as) {
        oauth_policy_fields.push(("clientCredentialsFlowUser", user.clone()));
    }
    if preauthorized && !permission_sets.is_empty() {
        // API Names, as public clients deploy them (the Metadata API guide says "IDs").
        oauth_policy_fields.push(("commaSeparatedPermissionSet", permission_sets.join(",")));
    }
    oauth_policy_fields.extend([
        ("externalClientApplication", name.to_owned()),
        ("ipRelaxationPolicyType", value(&eca.ip_relaxation.value)),
        (
            "isClientCredentialsFlowEnabled",
            eca.client_credentials_policy.value.to_string(),
        ),
        ("label", label.to_owned()),
        (
            "permittedUsersPolicyType",
            value(&eca.permitted_users.value),
        ),
        (
            "refreshTokenPolicyType",
            eca.refresh_token_policy.value.metadata_value().to_owned(),
        ),
    ]);
    // A specific-time policy's time; the guide lists these two right after the policy type.
    if let Some(validity) = eca.refresh_token_policy.value.validity() {
        oauth_policy_fields.extend([
            ("refreshTokenValidityPeriod", validity.period.to_string()),
            ("refreshTokenValidityUnit", value(&validity.unit)),
        ]);
    }
    let oauth_policies = xml("ExtlClntAppOauthConfigurablePolicies", &oauth_policy_fields)?;

    // The callback lines exactly as the checklist's OAuth step lists them: the partner's, then
    // the loopback line only where the step asks for it. One element, one URL per line.
    let callbacks = callback_urls(&list);
    let flows = &eca.flows.value;
    let flow = |flow: Flow| flows.contains(&flow).to_string();
    let mut global_fields = Vec::new();
    if !callbacks.is_empty() {
        global_fields.push(("callbackUrl", callbacks.join("\n")));
    }
    // No consumerKey or consumerSecret: Salesforce generates both on deploy.
    global_fields.extend([
        ("externalClientApplication", name.to_owned()),
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
            (!eca.require_secret_web_server.value).to_string(),
        ),
        ("isDeviceFlowEnabled", flow(Flow::Device)),
        (
            "isNamedUserJwtEnabled",
            eca.jwt_access_tokens.value.to_string(),
        ),
        ("isPkceRequired", eca.require_pkce.value.to_string()),
        (
            "isRefreshTokenRotationEnabled",
            eca.refresh_token_rotation.value.to_string(),
        ),
        (
            "isSecretRequiredForRefreshToken",
            eca.require_secret_refresh.value.to_string(),
        ),
        ("isTokenExchangeEnabled", flow(Flow::TokenExchange)),
        ("label", label.to_owned()),
        // A deploy must never replace the key and secret the partner already holds.
        ("shouldRotateConsumerKey", "false".to_owned()),
        ("shouldRotateConsumerSecret", "false".to_owned()),
    ]);
    let global = xml("ExtlClntAppGlobalOauthSettings", &global_fields)?;

    let source = Path::new(SOURCE_DIR);
    Ok(vec![
        (PathBuf::from("sfdx-project.json"), sfdx_project(name)),
        (PathBuf::from("manifest/package.xml"), package_xml(name)?),
        (
            source.join(format!("externalClientApps/{name}.eca-meta.xml")),
            app,
        ),
        (
            source.join(format!("extlClntAppOauthSettings/{name}.ecaOauth-meta.xml")),
            oauth,
        ),
        (
            source.join(format!(
                "extlClntAppGlobalOauthSets/{name}.ecaGlblOauth-meta.xml"
            )),
            global,
        ),
        (
            source.join(format!("extlClntAppPolicies/{name}.ecaPlcy-meta.xml")),
            policies,
        ),
        (
            source.join(format!(
                "extlClntAppOauthPolicies/{name}.ecaOauthPlcy-meta.xml"
            )),
            oauth_policies,
        ),
        (
            PathBuf::from("README.md"),
            readme(&Readme {
                profile,
                label,
                name,
                list: &list,
                preauthorized,
                permission_sets: &permission_sets,
                jwt_bearer: flows.contains(&Flow::JwtBearer),
            })
            .into_bytes(),
        ),
    ])
}

/// The Callback URL lines of the checklist's OAuth step, in order, each once.
fn callback_urls(list: &eca_core::Checklist) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    let fields = list
        .steps
        .iter()
        .filter(|step| step.id == StepId::OauthSettings)
        .flat_map(|step| &step.sections)
        .flat_map(|section| &section.fields);
    for field in fields {
        let lines = match (field.id.as_str(), &field.value) {
            ("callback_urls", FieldValue::Lines { lines }) => lines.clone(),
            ("verify_callback", FieldValue::Text { text }) => vec![text.clone()],
            _ => continue,
        };
        for line in lines {
            let line = line.trim();
            if !line.is_empty() && !urls.iter().any(|url| url == line) {
                urls.push(line.to_owned());
            }
        }
    }
    urls
}

/// A metadata value: the enums' serialized names are Salesforce's metadata values.
fn value<T: Serialize>(choice: &T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn writer() -> Result<Writer<Vec<u8>>, io::Error> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 4);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// `<root xmlns=…>` with one text element per field, in the given order.
fn xml(root: &str, fields: &[(&str, String)]) -> Result<Vec<u8>, io::Error> {
    let mut writer = writer()?;
    writer
        .create_element(root)
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for (name, text) in fields {
                w.create_element(*name)
                    .write_text_content(BytesText::new(text))?;
            }
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn package_xml(name: &str) -> Result<Vec<u8>, io::Error> {
    let mut writer = writer()?;
    writer
        .create_element("Package")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for kind in TYPES {
                w.create_element("types").write_inner_content(|w| {
                    w.create_element("members")
                        .write_text_content(BytesText::new(name))?;
                    w.create_element("name")
                        .write_text_content(BytesText::new(kind))?;
                    Ok(())
                })?;
            }
            w.create_element("version")
                .write_text_content(BytesText::new(API_VERSION))?;
            Ok(())
        })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn sfdx_project(name: &str) -> Vec<u8> {
    let project = serde_json::json!({
        "packageDirectories": [{ "path": "force-app", "default": true }],
        "name": name,
        "namespace": "",
        "sourceApiVersion": API_VERSION,
    });
    let mut text = serde_json::to_string_pretty(&project).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// What the README needs besides the checklist.
struct Readme<'a> {
    profile: &'a Profile,
    label: &'a str,
    name: &'a str,
    list: &'a eca_core::Checklist,
    preauthorized: bool,
    permission_sets: &'a [String],
    jwt_bearer: bool,
}

fn readme(r: &Readme) -> String {
    let (label, name) = (r.label, r.name);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {label} ({name}): External Client App source\n\n\
         Written by ECA Setup Assistant for the {} integration. One deploy creates the whole\n\
         External Client App: its basic information, its OAuth settings (callback URLs, scopes,\n\
         flows and security) and its policies. This folder holds no consumer key or secret.\n",
        r.profile.name
    );
    // What Salesforce documents now for deploying ExtlClntAppGlobalOauthSettings (FIDELITY.md
    // rows F8-F10):
    // - API 66.0 deprecates the org setting's metadata field: ExternalClientAppSettings,
    //   https://developer.salesforce.com/docs/atlas.en-us.260.0.api_meta.meta/api_meta/meta_externalclientappsettings.htm
    //   "enableConsumerSecretApiAccess ... DEPRECATED. ... Use the external client app OAuth UI
    //   to access consumer secrets."
    // - The type's page (API 67.0) still gates it on the org setting and a user permission:
    //   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
    //   "Access to the OAuth plugin requires orgs to enable the Allow Access to OAuth Consumer
    //   Secrets via Metadata API permission in Setup. The View External Client Apps Consumer
    //   Secrets in Metadata user permission is required for users with developer roles".
    // - Salesforce's security guidance recommends the setting off: Help, "External Client App
    //   Settings: Metadata Secrets Protection Control",
    //   https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.shr_external_client_app_settings_metadata_secrets_protection.htm
    //   "Recommended Configuration: Allow access to External Client App consumer secrets via
    //   Metadata API - Off."
    // - Help's own metadata walkthrough no longer turns it on (its scratch org definition sets
    //   only enableExternalClientApps): "Create a Local External Client App with Metadata API",
    //   https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.meta_create_a_local_external_client_app.htm
    let _ = writeln!(
        out,
        "## Before you deploy\n\n\
         1. The org must have External Client Apps enabled.\n\
         2. The user who deploys needs the permission View External Client Apps Consumer Secrets in\n   \
         Metadata: Salesforce's Metadata API guide names it for ExtlClntAppGlobalOauthSettings\n   \
         (`extlClntAppGlobalOauthSets/{name}.ecaGlblOauth-meta.xml`), the file with the app's\n   \
         callback URLs, flows and security settings.\n\
         3. Leave the org setting\n   \
         **Allow access to External Client App consumer secrets via Metadata API** off, as\n   \
         Salesforce's security guidance recommends, and deploy no settings file that sets\n   \
         `enableConsumerSecretApiAccess`: API version 66.0 deprecates that field (\"Use the external\n   \
         client app OAuth UI to access consumer secrets\"). The Metadata API guide's page for\n   \
         ExtlClntAppGlobalOauthSettings still names the setting (\"Allow Access to OAuth Consumer\n   \
         Secrets via Metadata API\"): only if the deploy refuses that file for it, turn the setting on\n   \
         in Setup (Quick Find: External Client App Settings) for the deploy, and off again right\n   \
         after it."
    );
    if r.preauthorized && !r.permission_sets.is_empty() {
        let _ = writeln!(
            out,
            "4. The permission set {} must exist in the org: the app's policies name it.",
            r.permission_sets.join(", ")
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "## Deploy\n\n\
         From this folder:\n\n\
         ```\n\
         sf project deploy start --source-dir force-app --target-org <your org's alias or username>\n\
         ```\n\n\
         `--manifest manifest/package.xml` instead of `--source-dir force-app` deploys the same five\n\
         components. The org may create ExtlClntAppOauthConfigurablePolicies itself on the first\n\
         deploy; if the deploy reports a conflict, retrieve it, apply the values here, and deploy\n\
         again.\n"
    );
    let _ = writeln!(
        out,
        "## What the deploy sets\n\n\
         As the External Client App Manager shows it under {label} (Settings and Policies); check\n\
         it there after deploying.\n"
    );
    for step_id in [
        StepId::OauthSettings,
        StepId::FlowEnablement,
        StepId::Security,
        StepId::Policies,
    ] {
        let Some(step) = r.list.steps.iter().find(|step| step.id == step_id) else {
            continue;
        };
        let _ = writeln!(out, "### {}\n", step.header.title);
        for field in step.sections.iter().flat_map(|s| &s.fields) {
            let lines = field_lines(&field.value);
            match lines.as_slice() {
                [one] => {
                    let _ = writeln!(out, "- {}: {one}", field.label);
                }
                many => {
                    let _ = writeln!(out, "- {}:", field.label);
                    for line in many {
                        let _ = writeln!(out, "  - {line}");
                    }
                }
            }
            if let ("verify_callback", Some(note)) = (field.id.as_str(), &field.note) {
                let _ = writeln!(out, "  - {note}");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## After deploying\n");
    if r.preauthorized {
        if r.permission_sets.is_empty() {
            let _ = writeln!(
                out,
                "- Permitted Users is \"Admin approved users are pre-authorized\" and no permission set\n  \
                 was named, so the app refuses every user until you add one: open {label} in the\n  \
                 External Client App Manager, Policies, Edit, and add the integration user's\n  \
                 permission set under Select Permission Sets (or its profile under Select\n  \
                 Profiles). Or name the permission set in ECA Setup Assistant and export again."
            );
        } else {
            let _ = writeln!(
                out,
                "- Only users with the permission set {} can connect (Permitted Users: \"Admin approved\n  \
                 users are pre-authorized\"). Assign it to the integration user: Setup, Users, the\n  \
                 user, Permission Set Assignments.",
                r.permission_sets.join(", ")
            );
        }
    }
    if r.jwt_bearer {
        let _ = writeln!(
            out,
            "- Enable JWT Bearer Flow needs the partner's certificate, which this folder does not\n  \
             carry: upload it on {label}'s Settings tab, OAuth Settings."
        );
    }
    let _ = writeln!(
        out,
        "- Copy the new Consumer Key and Secret (Settings, OAuth Settings, Consumer Key and Secret)\n  \
         into the partner's form; never into this folder.\n"
    );
    let _ = writeln!(
        out,
        "## Never commit a retrieved copy\n\n\
         Salesforce generates the consumer key and secret when the deploy creates the app. A copy\n\
         retrieved from the org (`sf project retrieve start`) holds them in\n\
         `extlClntAppGlobalOauthSets/{name}.ecaGlblOauth-meta.xml` as consumerKey and\n\
         consumerSecret: never commit that file. Keep this folder's version, which has neither."
    );
    out
}

fn field_lines(value: &FieldValue) -> Vec<String> {
    match value {
        FieldValue::Text { text } => vec![text.clone()],
        FieldValue::Lines { lines } if lines.is_empty() => vec!["(none)".into()],
        FieldValue::Lines { lines } => lines.clone(),
        FieldValue::Checkbox { checked } => {
            vec![if *checked { "checked" } else { "unchecked" }.into()]
        }
        FieldValue::Choice { selected, .. } => vec![selected.clone()],
        FieldValue::Scopes { selected } => selected.iter().map(|r| r.label.clone()).collect(),
    }
}

//! The sentences the migration's screens rely on, each with where it comes from (`Fact`): the
//! public pages they rest on (`sources`, FIDELITY.md rows M*), the facts several screens repeat,
//! and the one date and sentence of the username-password flow's retirement. Which screen says
//! what is `pages`; which route a fact argues for is `routes`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The retirement date, written once for the constants below (`concat!` takes only literals).
macro_rules! password_flow_ends {
    () => {
        "20 February 2027"
    };
}

/// When Salesforce stops the username-password flow for connected apps, with no extension: Help
/// article 005461976, "migrate them before the February 20, 2027 enforcement date" and
/// "Salesforce doesn't offer an extension or exception process for this enforcement date"
/// (FIDELITY.md row M14).
pub const PASSWORD_FLOW_ENDS: &str = password_flow_ends!();

/// Why the username-password flow is no way forward, in the one sentence the verification's
/// refusal, the command line and the partner's username-password recipes all give.
pub const PASSWORD_FLOW_RETIRED: &str = concat!(
    "External Client Apps do not support the username-password flow, and Salesforce retires it for connected apps on ",
    password_flow_ends!(),
    "."
);

/// A sentence a screen relies on, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fact {
    pub text: String,
    /// The public page it rests on; none for the app's own advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<Citation>,
    /// No public source confirms it: the screen marks it “unconfirmed” where an admin relies on it.
    pub unconfirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Citation {
    pub title: String,
    pub url: String,
}

/// Where the facts come from (FIDELITY.md rows M*).
pub(crate) mod sources {
    pub const MIGRATE: (&str, &str) = (
        "Salesforce Help: Create an External Client App from a Connected App",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.migrate_connected_app_to_external_client_app.htm",
    );
    pub const MIGRATION: (&str, &str) = (
        "Salesforce Help: Connected App to External Client App Migration",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.connected_app_to_external_client_app_migration.htm",
    );
    pub const USERNAME_PASSWORD: (&str, &str) = (
        "Salesforce Help: OAuth 2.0 Username-Password Flow for Special Scenarios",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_username_password_flow_ca.htm",
    );
    pub const OAUTH_USAGE: (&str, &str) = (
        "Salesforce Help: Manage Current OAuth Connected App Sessions",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.connected_app_manage_current_sessions.htm",
    );
    pub const MONITOR_USAGE: (&str, &str) = (
        "Salesforce: Monitor Usage for an OAuth Connected App",
        "https://developer.salesforce.com/docs/atlas.en-us.210.0.packagingGuide.meta/packagingGuide/connected_app_monitor.htm",
    );
    pub const LOGIN_HISTORY: (&str, &str) = (
        "Salesforce: Monitor Login History",
        "https://developer.salesforce.com/docs/atlas.en-us.securityImplGuide.meta/securityImplGuide/users_login_history.htm",
    );
    /// The article itself gives the date and says there is no extension; the release note says
    /// only "Winter '27".
    pub const RETIREMENT: (&str, &str) = (
        "Salesforce Help article 005461976: retirement of the OAuth 2.0 username-password flow for connected apps",
        "https://help.salesforce.com/s/articleView?id=005461976&type=1",
    );
    pub const SPRING_26: (&str, &str) = (
        "Salesforce Help article 005228017: new connected apps can no longer be created in Spring '26",
        "https://help.salesforce.com/s/articleView?id=005228017&type=1",
    );
    pub const PARTNER_ADVICE: (&str, &str) = (
        "Vonage AI Studio: How to create a Salesforce external client app",
        "https://studio.docs.ai.vonage.com/http/nodes/integrations/legacy-salesforce-authentication-node/salesforce-authentication/how-to-create-a-salesforce-external-client-app",
    );
    pub const DELETE: (&str, &str) = (
        "Salesforce: Delete a Connected App",
        "https://developer.salesforce.com/docs/atlas.en-us.222.0.packagingGuide.meta/packagingGuide/connected_app_delete.htm",
    );
}

pub(super) fn fact(text: impl Into<String>, source: (&str, &str)) -> Fact {
    Fact {
        text: text.into(),
        source: Some(Citation {
            title: source.0.to_owned(),
            url: source.1.to_owned(),
        }),
        unconfirmed: false,
    }
}

pub(super) fn unconfirmed(text: impl Into<String>) -> Fact {
    Fact {
        text: text.into(),
        source: None,
        unconfirmed: true,
    }
}

pub(super) fn advice(text: impl Into<String>) -> Fact {
    Fact {
        text: text.into(),
        source: None,
        unconfirmed: false,
    }
}

/// The facts several screens repeat.
pub(super) fn no_password_flow_on_eca() -> Fact {
    fact(
        "External Client Apps do not support the username-password flow: if a connected app that uses it is migrated, the flow does not work on the External Client App.",
        sources::MIGRATION,
    )
}

pub(super) fn password_flow_ends() -> Fact {
    fact(
        format!("Salesforce stops the username-password flow for connected apps on {PASSWORD_FLOW_ENDS}, with no extension."),
        sources::RETIREMENT,
    )
}

pub(super) fn release_update_label() -> Fact {
    unconfirmed(
        "In Setup → Release Updates it may be listed as “Retirement of OAuth 2.0 Username-Password Flow for Connected Apps”; the exact label is unconfirmed.",
    )
}

pub(super) fn undo_in_place() -> Fact {
    fact(
        "The undo of an in-place migration: delete the new External Client App, and the connected app becomes active again with the settings and policies it had when it was migrated.",
        sources::MIGRATE,
    )
}

pub(super) fn key_kept_unconfirmed() -> Fact {
    unconfirmed(
        "Whether the migrated app keeps the connected app's Consumer Key and Secret is widely quoted but not confirmed by Salesforce: this app records the key before and compares it after, and only a match means nothing changes at the partner.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retirement_date_cites_salesforces_own_article() {
        let fact = password_flow_ends();
        assert!(fact.text.contains(PASSWORD_FLOW_ENDS) && fact.text.contains("no extension"));
        let source = fact.source.expect("a cited fact");
        assert_eq!(
            source.url,
            "https://help.salesforce.com/s/articleView?id=005461976&type=1"
        );
        assert!(source.title.contains("005461976"), "{}", source.title);
        assert!(PASSWORD_FLOW_RETIRED.contains(PASSWORD_FLOW_ENDS));
    }
}

//! No secret or token reaches a printed or serialized Verification: not the consumer secret,
//! not the practice password, no access or refresh token (the practice org's look like
//! `00D…!AQ…` and `5Aep861…`).

mod common;

use common::{org, request, run, Browser};
use eca_test_support::free_port;
use eca_verify::FlowChoice;

#[tokio::test]
async fn verification_debug_and_json_hold_no_secret() {
    let port = free_port();
    let org = org("webex", port, &[("rotation", "true")]).await;
    let request = request("webex", &org, FlowChoice::WebServer, port);
    let (verification, events) = run(request, Browser::Allow).await;
    assert!(verification.passed, "{verification:#?}");
    let printed = format!("{verification:?} {verification:#?} {events:?}");
    let json = serde_json::to_string(&verification).expect("serializes");
    let events_json = serde_json::to_string(&events).expect("serializes");
    for secret in [
        org.consumer_secret().expose(),
        org.password().expose(),
        "!AQ",
        "5Aep861",
    ] {
        assert!(!printed.contains(secret), "a secret in Debug output");
        assert!(!json.contains(secret), "a secret in the JSON");
        assert!(
            !events_json.contains(secret),
            "a secret in the progress events"
        );
    }
    org.shutdown().await;
}

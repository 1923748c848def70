//! Renaming or removing a connection changes its setup only while the setup still uses it: one
//! given other credentials since (in this window, or by the command line) keeps them. The check
//! and the change happen under the setups' lock, so no program's save falls between them.

mod common;

use common::desk;
use eca_core::inputs::SetupInputs;
use eca_core::secret::Secret;

const KEY: &str =
    "3MVG9NewerTestKeyZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzX9876";
const SECRET: &str = "F1E2D3C4B5A6F7E8D9C0B1A2F3E4D5C6B7A8F9E0D1C2B3A4F5E6D7C8B9A0F1E2";

#[tokio::test]
async fn renaming_or_removing_an_older_connection_leaves_the_setups_newer_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk(dir.path());
    let profile = eca_core::profile("vonage-ai-studio").expect("profile");
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = "acme.my.salesforce.com".into();
    let id = desk
        .create_with(&profile.id, inputs)
        .expect("setup")
        .setup
        .id;
    let uses = |name: Option<&str>| {
        let connection = desk.read(&id).expect("read").setup.connection;
        assert_eq!(connection.as_deref(), name);
    };
    for name in ["Older", "Newer"] {
        desk.save_credentials(&id, name, KEY, Secret::new(SECRET), false)
            .await
            .expect("saved");
    }
    uses(Some("Newer"));

    desk.rename_connection("older", "Oldest")
        .await
        .expect("renamed");
    uses(Some("Newer"));
    desk.remove_connection("Oldest").await.expect("removed");
    uses(Some("Newer"));

    // The connection the setup does use is still followed, its name compared ignoring case.
    desk.rename_connection("newer", "Newest")
        .await
        .expect("renamed");
    uses(Some("Newest"));
    desk.remove_connection("NEWEST").await.expect("removed");
    uses(None);
}

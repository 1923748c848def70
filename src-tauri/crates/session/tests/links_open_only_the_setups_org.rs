//! The UI's links open only the setup's own org pages (its My Domain and the Lightning and
//! Setup hosts of that name), Salesforce Help, and, for a practice setup, its running practice
//! org's port; the browser is given the parsed URL. The system browser is replaced by a script
//! that writes down what it was given.
// The stand-in browser is a shell script.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use common::desk;
use eca_core::setup::SetupEdit;
use eca_core::ErrorCode;

/// The file the stand-in browser appends each URL to. The app reads its test hooks once, at
/// its first link, which comes after this.
fn opened_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("eca-links-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a folder for the stand-in browser");
        let opened = dir.join("opened.txt");
        let script = dir.join("browser.sh");
        fs::write(
            &script,
            format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
        )
        .expect("the stand-in browser");
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("executable");
        std::env::set_var("ECA_SETUP_OPENER", &script);
        opened
    })
}

/// What the stand-in browser was given, sorted (each run is a process of its own, so they
/// may finish in any order), waiting a little for them to run.
async fn opened(count: usize) -> Vec<String> {
    for _ in 0..50 {
        let text = fs::read_to_string(opened_file()).unwrap_or_default();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        if lines.len() >= count {
            lines.sort();
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the stand-in browser was given fewer than {count} URLs");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_setup_opens_its_own_orgs_pages_and_help_and_nothing_else() {
    opened_file();
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = desk(dir.path());

    let fresh = desk.create("vonage-ai-studio").expect("a setup").setup.id;
    let refused = desk
        .open_link(
            &fresh,
            "https://acme.my.salesforce.com/lightning/setup/home",
        )
        .await
        .expect_err("no org yet: no org page opens");
    assert_eq!(refused.code, ErrorCode::OpenFailed);

    let edit = SetupEdit::Input {
        field: "domain".into(),
        value: "acme.my.salesforce.com".into(),
    };
    let acme = desk.edit(&fresh, edit).expect("domain").setup.id;
    for other in [
        "https://globex.my.salesforce.com/lightning/setup/home",
        "https://globex.lightning.force.com/lightning/setup/home",
        "https://acme.my.site.com/",
        "https://evil.force.com/",
        "http://localhost:8080/lightning/setup/home",
    ] {
        let refused = desk.open_link(&acme, other).await.expect_err(other);
        assert_eq!(refused.code, ErrorCode::OpenFailed, "{other}");
    }
    for own in [
        "https://ACME.my.salesforce.com:443/lightning/setup/home",
        "https://acme.lightning.force.com/lightning/setup/home",
        "https://help.salesforce.com/s/articleView?id=xcloud.domain_name_overview.htm",
    ] {
        desk.open_link(&acme, own).await.expect(own);
    }
    assert_eq!(
        opened(3).await,
        [
            "https://acme.lightning.force.com/lightning/setup/home",
            // The parsed URL: the host lower-cased, the default port dropped.
            "https://acme.my.salesforce.com/lightning/setup/home",
            "https://help.salesforce.com/s/articleView?id=xcloud.domain_name_overview.htm",
        ],
        "nothing refused reached the browser"
    );

    let practice = desk
        .start_practice("vonage-ai-studio")
        .await
        .expect("practice");
    let host = practice.checklist.org.expect("the practice org").host;
    let port: u16 = host
        .strip_prefix("127.0.0.1:")
        .and_then(|port| port.parse().ok())
        .expect("the practice org's port");
    let other_port = if port == u16::MAX { port - 1 } else { port + 1 };
    for other in [
        format!("http://127.0.0.1:{other_port}/lightning/setup/home"),
        format!("http://localhost:{other_port}/"),
        "https://acme.my.salesforce.com/lightning/setup/home".to_owned(),
    ] {
        let refused = desk
            .open_link(&practice.setup.id, &other)
            .await
            .expect_err(&other);
        assert_eq!(refused.code, ErrorCode::OpenFailed, "{other}");
    }
    let own = format!("http://localhost:{port}/lightning/setup/home");
    desk.open_link(&practice.setup.id, &own).await.expect(&own);
    assert!(
        opened(4).await.contains(&own),
        "the practice org's page opened"
    );
}

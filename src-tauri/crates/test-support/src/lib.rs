//! What the crates' tests share, so that each helper is written once: an admin's sample inputs
//! taken from each input's own `example` (so a new profile needs no table of its inputs), the
//! profile list from `profiles()`, a free loopback port, the files a test left behind, and the
//! fields of a page's form. Only ever a dev-dependency; nothing here talks to an org or a keychain.

use std::path::Path;

use eca_core::inputs::SetupInputs;
use eca_core::Profile;

/// The org the samples are for.
pub const DOMAIN: &str = "acme.my.salesforce.com";
/// The sample contact email.
pub const CONTACT_EMAIL: &str = "salesforce-admins@acme.com";

/// The profile `id`, which the test relies on.
pub fn profile(id: &str) -> &'static Profile {
    eca_core::profile(id).unwrap_or_else(|| panic!("no profile {id}"))
}

/// Every profile's id, in the home screen's order.
pub fn profile_ids() -> Vec<&'static str> {
    eca_core::profiles()
        .iter()
        .map(|profile| profile.id.as_str())
        .collect()
}

/// What an admin at Acme would type: the org's domain, a contact email and, for each input
/// the profile asks for, that input's `example`.
pub fn sample_inputs(profile: &Profile) -> SetupInputs {
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain = DOMAIN.into();
    inputs.contact_email = CONTACT_EMAIL.into();
    for spec in &profile.inputs {
        inputs.values.insert(spec.id.clone(), spec.example.clone());
    }
    inputs
}

/// `--input ID=EXAMPLE` for each input of `profile`, as the command line takes them.
pub fn sample_input_args(profile: &Profile) -> Vec<String> {
    profile
        .inputs
        .iter()
        .flat_map(|spec| {
            [
                "--input".to_owned(),
                format!("{}={}", spec.id, spec.example),
            ]
        })
        .collect()
}

/// A loopback port no one listens on now (tests run in parallel, so never a fixed one).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// Every file under `dir`, at any depth, as (path, contents), for searching what a test wrote
/// (for a secret, say). Contents that are not UTF-8 are read lossily.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            found.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    found.sort();
    found
}

/// Every `<input>` of an HTML page as (name, value), unescaped: what a browser would post.
pub fn form_inputs(html: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        Some(
            tag[start..end]
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    };
    html.split("<input")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            Some((
                attribute(tag, "name")?,
                attribute(tag, "value").unwrap_or_default(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_inputs_reads_names_and_unescaped_values() {
        let html = r#"<form><input type="hidden" name="state" value="a&amp;b&quot;c"><input name="decision"><input type="submit" value="Allow"></form>"#;
        assert_eq!(
            form_inputs(html),
            [
                ("state".to_owned(), "a&b\"c".to_owned()),
                ("decision".to_owned(), String::new())
            ]
        );
    }

    #[test]
    fn sample_inputs_are_each_inputs_example() {
        let sbs = profile("service-board-sync");
        let inputs = sample_inputs(sbs);
        assert_eq!(inputs.domain, DOMAIN);
        assert_eq!(inputs.values["tenant_domain"], "acme.serviceboardsync.com");
        assert_eq!(inputs.values["run_as"], "integration@acme.com");
        assert_eq!(
            sample_input_args(sbs),
            [
                "--input",
                "tenant_domain=acme.serviceboardsync.com",
                "--input",
                "run_as=integration@acme.com"
            ]
        );
    }

    #[test]
    fn files_finds_nested_files_in_order() {
        let dir = std::env::temp_dir().join(format!("eca-test-support-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("inner")).unwrap();
        std::fs::write(dir.join("b.txt"), "two").unwrap();
        std::fs::write(dir.join("inner/a.txt"), "one").unwrap();
        let found: Vec<String> = files(&dir).into_iter().map(|(_, text)| text).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, ["two", "one"]);
    }
}

//! The org domain as the admin types or pastes it: `clean_host` and `normalize_domain`.
//! Beyond not panicking: cleaning is idempotent, and an accepted domain is a fixed point
//! (its host normalises to the same domain), as the wizard re-normalises what it saved.

#![no_main]

use eca_core::domain::clean_host;
use eca_core::normalize_domain;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let once = clean_host(raw);
    assert_eq!(clean_host(&once), once, "cleaning {raw:?} twice changed it");

    match normalize_domain(raw) {
        Ok(domain) => {
            assert!(!domain.host.is_empty(), "{raw:?} accepted as an empty host");
            assert_eq!(
                normalize_domain(&domain.host),
                Ok(domain.clone()),
                "{raw:?} → {:?} does not re-normalise to itself",
                domain.host
            );
        }
        // The UI shows the issue beside the domain field; an empty sentence would show nothing.
        Err(issue) => {
            assert!(issue.field == "domain" && !issue.message.is_empty() && !issue.hint.is_empty())
        }
    }
});

//! Plain http only when the command line says so. An address on this computer
//! (`127.0.0.1:PORT`, `localhost:PORT`) is reached over plain http, and whatever program
//! listens there would receive the Consumer Secret: the practice org, or any other. So such a
//! domain needs `--practice`, said by the admin, never inferred from the text; without it
//! nothing is read or sent. `--practice` with a real org's domain is refused too, as a mistake.

use eca_session::{is_practice_domain, normalize_domain};

use crate::failure::{Failure, Problem};

/// Whether `domain` and `--practice` agree; a domain that cannot be read is left to the
/// command's own checks, which say why.
pub(crate) fn check(domain: &str, practice: bool) -> Result<(), Failure> {
    let Ok(org) = normalize_domain(domain) else {
        return Ok(());
    };
    let local = is_practice_domain(domain);
    let problem = match (local, practice) {
        (true, false) => Problem {
            message: format!(
                "{} is an address on this computer, reached over plain http (unencrypted): any program listening there would receive the Consumer Secret, so nothing goes there without --practice.",
                org.host
            ),
            hint: "If it is the practice org (eca-setup-cli practice-org prints the command to use), add --practice; for a real org, give its My Domain, for example acme.my.salesforce.com.".into(),
        },
        (false, true) => Problem {
            message: format!(
                "--practice is for the practice org on this computer (127.0.0.1:PORT), and {} is not on this computer.",
                org.host
            ),
            hint: "Leave out --practice for a real org.".into(),
        },
        _ => return Ok(()),
    };
    Err(Failure::Invalid(vec![problem]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(domain: &str, practice: bool) -> Option<String> {
        match check(domain, practice) {
            Ok(()) => None,
            Err(Failure::Invalid(problems)) => Some(problems[0].message.clone()),
            Err(_) => panic!("refused as invalid input"),
        }
    }

    #[test]
    fn a_local_address_needs_practice_and_a_real_org_refuses_it() {
        let without = refused("127.0.0.1:4000", false).expect("refused");
        assert!(without.contains("plain http"), "{without}");
        assert!(refused("localhost:4000", false).is_some());
        assert_eq!(refused("127.0.0.1:4000", true), None);
        assert_eq!(refused("acme.my.salesforce.com", false), None);
        let real = refused("acme.my.salesforce.com", true).expect("refused");
        assert!(real.contains("--practice"), "{real}");
        assert_eq!(refused("", false), None, "left to the domain's own check");
    }
}

//! On Windows a secret typed at the console is read with the console's echo off (`rpassword`);
//! `secret_not_echoed.rs` proves the Unix side on a pseudo-terminal of its own. Typing into a
//! Windows console from a test takes a pseudo-console (ConPTY) this suite does not drive, so the
//! proof is named here and reported as ignored, not left out in silence.
#![cfg(windows)]

#[test]
#[ignore = "needs a Windows pseudo-console to type at; check by hand: `eca-setup-cli connection add` in a console shows no secret"]
fn a_secret_typed_at_the_windows_console_is_not_echoed() {}

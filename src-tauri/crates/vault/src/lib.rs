//! Credentials in the OS keychain.

//! What a verification reports. The types live in `eca_core::verification`, so a reader of
//! results (the report) needs no HTTP stack; they are named here too so this crate's users keep
//! their paths.

pub use eca_core::verification::{Check, CheckId, CheckStatus, Progress, Verification};

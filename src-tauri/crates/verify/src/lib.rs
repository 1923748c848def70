//! Proves an External Client App works against an org.

//! The practice org: a simulated Salesforce org on loopback.

//! The setup report and the ECA metadata export.

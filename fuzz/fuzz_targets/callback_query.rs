//! What the browser sends to the loopback listener: `CallbackQuery::parse` on the redirect's
//! query string, and `eca_core::html::escape` for the page it answers with. Properties: the
//! parsed parameters survive being encoded and parsed again, the code never shows in `Debug`,
//! and escaped text has no raw markup characters and unescapes back to the original.

#![no_main]

use eca_core::html::escape as escape_html;
use eca_verify::loopback::CallbackQuery;
use libfuzzer_sys::fuzz_target;
use url::form_urlencoded::Serializer;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = CallbackQuery::parse(query);

    let mut encoded = Serializer::new(String::new());
    if let Some(state) = &parsed.state {
        encoded.append_pair("state", state);
    }
    if let Some(code) = &parsed.code {
        encoded.append_pair("code", code.expose());
    }
    if let Some(error) = &parsed.error {
        encoded.append_pair("error", error);
    }
    if !parsed.description.is_empty() {
        encoded.append_pair("error_description", &parsed.description);
    }
    let encoded = encoded.finish();
    assert_eq!(
        CallbackQuery::parse(&encoded),
        parsed,
        "{query:?} → {encoded:?} differs"
    );

    if parsed.code.is_some() {
        assert_eq!(format!("{:?}", parsed.code), "Some(<redacted>)");
    }

    let escaped = escape_html(query);
    assert!(
        !escaped.contains(['<', '>', '"', '\'']),
        "{query:?} escaped to {escaped:?}"
    );
    let unescaped = escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert_eq!(unescaped, query, "escaping lost text");
});

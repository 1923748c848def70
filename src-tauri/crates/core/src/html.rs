//! Text made safe to place in HTML: the pages the practice org and the loopback listener serve,
//! and the HTML report. Every page the app writes escapes through this one function, so they
//! all escape the same characters the same way.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe as an element's
/// text and as a quoted attribute's value. The apostrophe is `&#39;` rather than `&apos;`, which
/// HTML 4 (and so some mail readers a report is sent to) does not know.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn text_without_markup_characters_is_unchanged() {
        assert_eq!(
            escape("Salesforce Production (EU) — Vonage"),
            "Salesforce Production (EU) — Vonage"
        );
        assert_eq!(escape(""), "");
    }
}

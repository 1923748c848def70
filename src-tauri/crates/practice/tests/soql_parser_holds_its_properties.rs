//! Properties of the practice org's SOQL parser, which reads whatever a client sends to the
//! query endpoint: any text is answered (a query or a MALFORMED_QUERY, never a panic), and a
//! well-formed `SELECT ... FROM Account LIMIT n` comes back with its fields and limit.

use eca_practice::soql::{parse, Selection};
use proptest::prelude::*;

const KEYWORDS: &[&str] = &["SELECT", "FROM", "WHERE", "AND", "ORDER", "BY", "LIMIT"];

fn field() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9_]{0,12}(__c)?".prop_filter("not a keyword", |name| {
        !KEYWORDS.iter().any(|k| name.eq_ignore_ascii_case(k))
    })
}

/// Text made of SOQL's own pieces, so the parser gets past its first token more often.
fn soql_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("SELECT".to_owned()),
        Just("FROM".to_owned()),
        Just("WHERE".to_owned()),
        Just("AND".to_owned()),
        Just("ORDER BY".to_owned()),
        Just("ASC".to_owned()),
        Just("DESC".to_owned()),
        Just("LIMIT".to_owned()),
        Just("COUNT()".to_owned()),
        Just(",".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("=".to_owned()),
        Just("!=".to_owned()),
        Just("<>".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        "'[^']{0,6}'",
        "-?[0-9]{1,25}(\\.[0-9]{0,3})?",
        field(),
        ".{1,3}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_query_text_is_answered(text in prop_oneof![any::<String>(), soql_like()]) {
        if let Err(err) = parse(&text) {
            prop_assert!(!err.to_string().is_empty());
            prop_assert!(!err.error_code().is_empty());
        }
    }

    #[test]
    fn a_select_with_a_limit_round_trips(
        fields in prop::collection::vec(field(), 1..6),
        limit in any::<usize>(),
        select in prop::sample::select(vec!["SELECT", "select", "Select"]),
        spacing in prop::sample::select(vec![" ", "  ", "\n", "\t"]),
    ) {
        let text = format!(
            "{select}{spacing}{}{spacing}FROM Account{spacing}LIMIT {limit}",
            fields.join(&format!(",{spacing}"))
        );
        let query = parse(&text)
            .map_err(|err| TestCaseError::fail(format!("{text:?} refused: {err}")))?;
        prop_assert_eq!(query.selection, Selection::Fields(fields));
        prop_assert_eq!(query.object, "Account");
        prop_assert_eq!(query.limit, Some(limit));
        prop_assert!(query.filters.is_empty());
        prop_assert_eq!(query.order_by, None);
    }
}

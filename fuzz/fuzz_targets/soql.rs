//! What a client sends to the practice org's query endpoint: `eca_practice::soql::parse`.
//! Properties: a refusal has a message and an error code, and an accepted query, written back
//! out as SOQL, parses to the same query (so the tokenizer and parser agree on every piece).

#![no_main]

use eca_practice::soql::{parse, Direction, Item, Literal, Query, Selection};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(query) => {
            let written = write(&query);
            let again = parse(&written)
                .unwrap_or_else(|err| panic!("{text:?} → {written:?} refused: {err}"));
            // Debug rather than ==, because a `nan` literal is not equal to itself.
            assert_eq!(
                format!("{again:?}"),
                format!("{query:?}"),
                "{text:?} → {written:?}"
            );
        }
        Err(err) => {
            assert!(!err.to_string().is_empty());
            assert!(!err.error_code().is_empty());
        }
    }
});

/// The query as SOQL, in the one spelling this test chooses.
fn write(query: &Query) -> String {
    let selection = match &query.selection {
        Selection::Count => "COUNT()".to_owned(),
        Selection::Fields(fields) => fields.join(", "),
        Selection::Aggregate(items) => items
            .iter()
            .map(|item| match item {
                Item::Field(field) => field.clone(),
                Item::Count(field) => format!("COUNT({field})"),
                Item::Max(field) => format!("MAX({field})"),
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut out = format!("SELECT {selection} FROM {}", query.object);
    for (at, condition) in query.filters.iter().enumerate() {
        let joiner = if at == 0 { "WHERE" } else { "AND" };
        let op = if condition.equal { "=" } else { "!=" };
        let value = match &condition.value {
            Literal::Text(text) => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
            Literal::Bool(flag) => flag.to_string(),
            Literal::Number(number) => number.to_string(),
            Literal::Null => "null".to_owned(),
            Literal::LastNDays(days) => format!("LAST_N_DAYS:{days}"),
        };
        out.push_str(&format!(" {joiner} {} {op} {value}", condition.field));
    }
    if let Some(field) = &query.group_by {
        out.push_str(&format!(" GROUP BY {field}"));
    }
    if let Some((field, direction)) = &query.order_by {
        let direction = match direction {
            Direction::Ascending => "ASC",
            Direction::Descending => "DESC",
        };
        out.push_str(&format!(" ORDER BY {field} {direction}"));
    }
    if let Some(limit) = query.limit {
        out.push_str(&format!(" LIMIT {limit}"));
    }
    out
}

//! The small part of SOQL the practice org understands: `SELECT f1, f2 | COUNT() FROM Object
//! [WHERE Field = value [AND ...]] [ORDER BY Field [ASC|DESC]] [LIMIT n]`, where a field may be
//! a relationship path (`Profile.Name`) and a value may be the date literal `LAST_N_DAYS:n`;
//! and the aggregate form `SELECT [Field,] COUNT(Id), MAX(Field) FROM Object [WHERE ...]
//! [GROUP BY Field] ...` that the 2027 inventory needs. Parsing only; the records and the
//! evaluation live in `data`. Anything else is a `MALFORMED_QUERY`, as in a real org.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub selection: Selection,
    pub object: String,
    pub filters: Vec<Condition>,
    pub order_by: Option<(String, Direction)>,
    pub limit: Option<usize>,
    pub group_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Count,
    Fields(Vec<String>),
    /// Fields and aggregate functions, answered as `AggregateResult` rows (`expr0`, `expr1`...).
    Aggregate(Vec<Item>),
}

/// One item of an aggregate selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Field(String),
    /// `COUNT(Field)`: rows where the field is not null.
    Count(String),
    /// `MAX(Field)`.
    Max(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: String,
    pub equal: bool,
    pub value: Literal,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    Bool(bool),
    Number(f64),
    Null,
    /// `LAST_N_DAYS:n`: from midnight n days ago until now (the practice org's days are UTC).
    LastNDays(u32),
}

/// Why a query cannot be run, with the `errorCode` Salesforce's REST API uses for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    Malformed(String),
    InvalidType(String),
    InvalidField {
        field: String,
        object: String,
    },
    /// A field the object does not let a query filter on (LoginHistory's Usage note).
    NotFilterable(String),
}

impl QueryError {
    pub fn error_code(&self) -> &'static str {
        match self {
            QueryError::Malformed(_) => "MALFORMED_QUERY",
            QueryError::InvalidType(_) => "INVALID_TYPE",
            QueryError::InvalidField { .. } | QueryError::NotFilterable(_) => "INVALID_FIELD",
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Malformed(message) => f.write_str(message),
            QueryError::InvalidType(object) => {
                write!(f, "sObject type '{object}' is not supported.")
            }
            QueryError::InvalidField { field, object } => write!(
                f,
                "No such column '{field}' on entity '{object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name."
            ),
            QueryError::NotFilterable(field) => {
                write!(f, "field '{field}' can not be filtered in query call")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Comma,
    Open,
    Close,
    Equal,
    NotEqual,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(word) => f.write_str(word),
            Token::Text(text) => write!(f, "'{text}'"),
            Token::Comma => f.write_str(","),
            Token::Open => f.write_str("("),
            Token::Close => f.write_str(")"),
            Token::Equal => f.write_str("="),
            Token::NotEqual => f.write_str("!="),
        }
    }
}

pub fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = tokenize(text)?;
    Parser { tokens, at: 0 }.query()
}

fn malformed(message: impl Into<String>) -> QueryError {
    QueryError::Malformed(message.into())
}

fn tokenize(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            ',' | '(' | ')' | '=' => {
                chars.next();
                tokens.push(match c {
                    ',' => Token::Comma,
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Equal,
                });
            }
            '!' | '<' => {
                chars.next();
                let next = if c == '!' { '=' } else { '>' };
                if chars.next() != Some(next) {
                    return Err(malformed(format!("unexpected token: '{c}'")));
                }
                tokens.push(Token::NotEqual);
            }
            '\'' => {
                chars.next();
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => match chars.next() {
                            Some(escaped) => literal.push(escaped),
                            None => return Err(malformed("unterminated string literal")),
                        },
                        Some('\'') => break,
                        Some(other) => literal.push(other),
                        None => return Err(malformed("unterminated string literal")),
                    }
                }
                tokens.push(Token::Text(literal));
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || c == ':' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(malformed(format!("unexpected token: '{other}'"))),
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(word)) if word.eq_ignore_ascii_case(keyword))
    }

    fn keyword(&mut self, keyword: &str) -> Result<(), QueryError> {
        match self.next() {
            Some(Token::Word(word)) if word.eq_ignore_ascii_case(keyword) => Ok(()),
            Some(token) => Err(malformed(format!("unexpected token: '{token}'"))),
            None => Err(malformed(format!(
                "unexpected end of query: expected {keyword}"
            ))),
        }
    }

    fn name(&mut self, what: &str) -> Result<String, QueryError> {
        match self.next() {
            Some(Token::Word(word)) if is_name(&word) && !is_keyword(&word) => Ok(word),
            Some(token) => Err(malformed(format!("unexpected token: '{token}'"))),
            None => Err(malformed(format!(
                "unexpected end of query: expected {what}"
            ))),
        }
    }

    fn query(mut self) -> Result<Query, QueryError> {
        self.keyword("SELECT")?;
        let selection = self.selection()?;
        self.keyword("FROM")?;
        let object = self.name("an object name")?;
        let mut filters = Vec::new();
        if self.peek_keyword("WHERE") {
            self.next();
            filters.push(self.condition()?);
            while self.peek_keyword("AND") {
                self.next();
                filters.push(self.condition()?);
            }
        }
        let mut group_by = None;
        if self.peek_keyword("GROUP") {
            self.next();
            self.keyword("BY")?;
            group_by = Some(self.name("a field name")?);
        }
        let mut order_by = None;
        if self.peek_keyword("ORDER") {
            self.next();
            self.keyword("BY")?;
            let field = self.name("a field name")?;
            let direction = if self.peek_keyword("DESC") {
                self.next();
                Direction::Descending
            } else {
                if self.peek_keyword("ASC") {
                    self.next();
                }
                Direction::Ascending
            };
            order_by = Some((field, direction));
        }
        let mut limit = None;
        if self.peek_keyword("LIMIT") {
            self.next();
            limit = match self.next() {
                Some(Token::Word(word)) => Some(
                    word.parse()
                        .map_err(|_| malformed(format!("unexpected token: '{word}'")))?,
                ),
                Some(token) => return Err(malformed(format!("unexpected token: '{token}'"))),
                None => return Err(malformed("unexpected end of query: expected a number")),
            };
        }
        if let Some(token) = self.next() {
            return Err(malformed(format!("unexpected token: '{token}'")));
        }
        match (&selection, &group_by) {
            (Selection::Aggregate(items), Some(group)) => {
                let stray = items.iter().find_map(|item| match item {
                    Item::Field(field) if !field.eq_ignore_ascii_case(group) => Some(field),
                    _ => None,
                });
                if let Some(field) = stray {
                    return Err(malformed(format!(
                        "field '{field}' must be grouped or aggregated"
                    )));
                }
            }
            (Selection::Aggregate(items), None) => {
                if let Some(Item::Field(field)) =
                    items.iter().find(|item| matches!(item, Item::Field(_)))
                {
                    return Err(malformed(format!(
                        "field '{field}' must be grouped or aggregated"
                    )));
                }
            }
            (_, Some(_)) => {
                return Err(malformed(
                    "GROUP BY needs an aggregate function such as COUNT(Id)",
                ))
            }
            _ => {}
        }
        Ok(Query {
            selection,
            object,
            filters,
            order_by,
            limit,
            group_by,
        })
    }

    fn selection(&mut self) -> Result<Selection, QueryError> {
        if self.peek_keyword("COUNT")
            && self.tokens.get(self.at + 1) == Some(&Token::Open)
            && self.tokens.get(self.at + 2) == Some(&Token::Close)
        {
            self.at += 2;
            return match self.next() {
                Some(Token::Close) => Ok(Selection::Count),
                Some(token) => Err(malformed(format!("unexpected token: '{token}'"))),
                None => Err(malformed("unexpected end of query: expected )")),
            };
        }
        let mut items = vec![self.item()?];
        while self.peek() == Some(&Token::Comma) {
            self.next();
            items.push(self.item()?);
        }
        if items.iter().all(|item| matches!(item, Item::Field(_))) {
            let fields = items
                .into_iter()
                .filter_map(|item| match item {
                    Item::Field(field) => Some(field),
                    _ => None,
                })
                .collect();
            Ok(Selection::Fields(fields))
        } else {
            Ok(Selection::Aggregate(items))
        }
    }

    /// A field, or `COUNT(Field)` / `MAX(Field)`.
    fn item(&mut self) -> Result<Item, QueryError> {
        let function = ["COUNT", "MAX"]
            .into_iter()
            .find(|name| self.peek_keyword(name))
            .filter(|_| self.tokens.get(self.at + 1) == Some(&Token::Open));
        let Some(function) = function else {
            return Ok(Item::Field(self.name("a field name")?));
        };
        self.at += 2;
        let field = self.name("a field name")?;
        match self.next() {
            Some(Token::Close) => {}
            Some(token) => return Err(malformed(format!("unexpected token: '{token}'"))),
            None => return Err(malformed("unexpected end of query: expected )")),
        }
        Ok(if function == "COUNT" {
            Item::Count(field)
        } else {
            Item::Max(field)
        })
    }

    fn condition(&mut self) -> Result<Condition, QueryError> {
        let field = self.name("a field name")?;
        let equal = match self.next() {
            Some(Token::Equal) => true,
            Some(Token::NotEqual) => false,
            Some(token) => return Err(malformed(format!("unexpected token: '{token}'"))),
            None => return Err(malformed("unexpected end of query: expected =")),
        };
        let value = match self.next() {
            Some(Token::Text(text)) => Literal::Text(text),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("null") => Literal::Null,
            // `get`, not slicing: a word may hold a multi-byte character at byte 12.
            Some(Token::Word(word))
                if word.len() > 12
                    && word
                        .get(..12)
                        .is_some_and(|head| head.eq_ignore_ascii_case("LAST_N_DAYS:")) =>
            {
                Literal::LastNDays(
                    word[12..]
                        .parse()
                        .map_err(|_| malformed(format!("unexpected token: '{word}'")))?,
                )
            }
            Some(Token::Word(word)) => Literal::Number(
                word.parse()
                    .map_err(|_| malformed(format!("unexpected token: '{word}'")))?,
            ),
            Some(token) => return Err(malformed(format!("unexpected token: '{token}'"))),
            None => return Err(malformed("unexpected end of query: expected a value")),
        };
        Ok(Condition {
            field,
            equal,
            value,
        })
    }
}

fn is_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

fn is_keyword(word: &str) -> bool {
    [
        "SELECT", "FROM", "WHERE", "AND", "ORDER", "GROUP", "BY", "LIMIT",
    ]
    .iter()
    .any(|keyword| word.eq_ignore_ascii_case(keyword))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(names: &[&str]) -> Selection {
        Selection::Fields(names.iter().map(|name| name.to_string()).collect())
    }

    #[test]
    fn parses_the_default_verification_query() {
        let query = parse("SELECT Id, Name FROM Organization").unwrap();
        assert_eq!(query.selection, fields(&["Id", "Name"]));
        assert_eq!(query.object, "Organization");
        assert!(query.filters.is_empty());
        assert_eq!(query.limit, None);
    }

    #[test]
    fn parses_where_order_and_limit_in_any_case() {
        let query = parse(
            "select Id,Username from User where IsActive = true and Username != 'o\\'brien@x.com' order by Username desc limit 5",
        )
        .unwrap();
        assert_eq!(query.selection, fields(&["Id", "Username"]));
        assert_eq!(
            query.filters,
            [
                Condition {
                    field: "IsActive".into(),
                    equal: true,
                    value: Literal::Bool(true)
                },
                Condition {
                    field: "Username".into(),
                    equal: false,
                    value: Literal::Text("o'brien@x.com".into())
                },
            ]
        );
        assert_eq!(
            query.order_by,
            Some(("Username".into(), Direction::Descending))
        );
        assert_eq!(query.limit, Some(5));
    }

    #[test]
    fn parses_count() {
        let query = parse("SELECT COUNT() FROM Account WHERE Industry = 'Energy'").unwrap();
        assert_eq!(query.selection, Selection::Count);
        assert_eq!(query.filters[0].value, Literal::Text("Energy".into()));
    }

    #[test]
    fn parses_the_inventory_queries() {
        let query = parse(
            "SELECT Application, LoginSubType, COUNT(Id), MAX(LoginTime) FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30 GROUP BY Application",
        );
        assert!(
            query.is_err(),
            "LoginSubType is neither grouped nor aggregated"
        );
        let query = parse(
            "SELECT Application, COUNT(Id), MAX(LoginTime) FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30 GROUP BY Application",
        )
        .unwrap();
        assert_eq!(query.group_by.as_deref(), Some("Application"));
        assert_eq!(query.filters[0].value, Literal::LastNDays(30));
        // A multi-byte character where the prefix would end is a refusal, not a panic.
        assert!(parse("SELECT Id FROM User WHERE IsActive = .l0ecSELEC\u{a8c}.x").is_err());
        assert_eq!(
            query.selection,
            Selection::Aggregate(vec![
                Item::Field("Application".into()),
                Item::Count("Id".into()),
                Item::Max("LoginTime".into()),
            ])
        );
        let query = parse("SELECT Id, Profile.Name FROM User").unwrap();
        assert_eq!(query.selection, fields(&["Id", "Profile.Name"]));
    }

    #[test]
    fn malformed_queries_are_refused() {
        for text in [
            "",
            "SELECT",
            "SELECT FROM Account",
            "SELECT Id Account",
            "SELECT Id, FROM Account",
            "SELECT Id FROM",
            "SELECT Id FROM Account WHERE",
            "SELECT Id FROM Account WHERE Name 'x'",
            "SELECT Id FROM Account WHERE Name = 'unterminated",
            "SELECT Id FROM Account LIMIT many",
            "SELECT Id FROM Account LIMIT 5 extra",
            "SELECT Id FROM Account WHERE Name LIKE 'A%'",
            "DELETE FROM Account",
            "SELECT Id; FROM Account",
            "SELECT Name FROM Account GROUP BY Name",
            "SELECT Name, COUNT(Id) FROM Account",
            "SELECT Id FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:many",
        ] {
            let err = parse(text).expect_err(text);
            assert_eq!(err.error_code(), "MALFORMED_QUERY", "{text}: {err}");
        }
    }
}

//! The practice org's records (its Organization, its Users, a few Accounts) and running a
//! parsed SOQL query over them. The users are the practice user and the Run As user from the
//! config, so what a token's identity says and what a query returns agree.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use crate::config::PracticeConfig;
use crate::soql::{Direction, Literal, Query, QueryError, Selection};

/// The practice org's id, 18 characters as the REST API shows it.
pub const ORG_ID: &str = "00D000000000PRAEAQ";
pub const ORG_NAME: &str = "ECA Setup Assistant Practice Org";

/// A user of the practice org.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub active: bool,
}

impl User {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// Practice usernames have the shape of an email address, and double as one.
    pub fn email(&self) -> &str {
        &self.username
    }
}

/// The 15-character form of the org id that starts an access token.
pub fn org_id_15() -> &'static str {
    &ORG_ID[..15]
}

struct Table {
    object: &'static str,
    /// Field names in their canonical case; queries match them case-insensitively.
    fields: &'static [&'static str],
    records: Vec<Map<String, Value>>,
}

pub struct DataSet {
    users: Vec<User>,
    tables: Vec<Table>,
}

impl DataSet {
    pub fn new(config: &PracticeConfig) -> DataSet {
        let mut users = vec![User {
            id: "005000000000PRAAAA".into(),
            username: config.username.clone(),
            first_name: "Practice".into(),
            last_name: "Admin".into(),
            active: config.user_active,
        }];
        if let Some(run_as) = &config.run_as {
            if !run_as.eq_ignore_ascii_case(&config.username) {
                users.push(User {
                    id: "005000000000PRBAAA".into(),
                    username: run_as.clone(),
                    first_name: "Integration".into(),
                    last_name: "User".into(),
                    active: config.user_active,
                });
            }
        }
        let tables = vec![organization(), user_table(&users), accounts()];
        DataSet { users, tables }
    }

    pub fn practice_user(&self) -> &User {
        &self.users[0]
    }

    pub fn user_by_id(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|user| user.id == id)
    }

    pub fn user_by_name(&self, username: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|user| user.username.eq_ignore_ascii_case(username))
    }

    /// The query's result in the REST API's shape: `totalSize`, `done`, `records`.
    pub fn run(&self, query: &Query, version: &str) -> Result<Value, QueryError> {
        let table = self
            .tables
            .iter()
            .find(|table| table.object.eq_ignore_ascii_case(&query.object))
            .ok_or_else(|| QueryError::InvalidType(query.object.clone()))?;
        let field = |name: &str| table.field(name);
        let filters = query
            .filters
            .iter()
            .map(|condition| Ok((field(&condition.field)?, condition)))
            .collect::<Result<Vec<_>, QueryError>>()?;
        let mut rows: Vec<&Map<String, Value>> = table
            .records
            .iter()
            .filter(|record| {
                filters.iter().all(|(name, condition)| {
                    matches(&record[*name], &condition.value) == condition.equal
                })
            })
            .collect();
        if let Some((name, direction)) = &query.order_by {
            let name = field(name)?;
            rows.sort_by(|a, b| compare(&a[name], &b[name]));
            if *direction == Direction::Descending {
                rows.reverse();
            }
        }
        if let Some(limit) = query.limit {
            rows.truncate(limit);
        }
        let records: Vec<Value> = match &query.selection {
            Selection::Count => Vec::new(),
            Selection::Fields(names) => {
                let names = names
                    .iter()
                    .map(|name| field(name))
                    .collect::<Result<Vec<_>, QueryError>>()?;
                rows.iter()
                    .map(|row| {
                        let mut out = Map::new();
                        let url = format!(
                            "/services/data/{version}/sobjects/{}/{}",
                            table.object,
                            row["Id"].as_str().unwrap_or_default()
                        );
                        out.insert(
                            "attributes".into(),
                            json!({ "type": table.object, "url": url }),
                        );
                        for name in &names {
                            out.insert((*name).to_owned(), row[*name].clone());
                        }
                        Value::Object(out)
                    })
                    .collect()
            }
        };
        Ok(json!({ "totalSize": rows.len(), "done": true, "records": records }))
    }
}

impl Table {
    fn field(&self, name: &str) -> Result<&'static str, QueryError> {
        self.fields
            .iter()
            .copied()
            .find(|field| field.eq_ignore_ascii_case(name))
            .ok_or_else(|| QueryError::InvalidField {
                field: name.to_owned(),
                object: self.object.to_owned(),
            })
    }
}

/// SOQL's `=`: text compares without regard to case.
fn matches(value: &Value, literal: &Literal) -> bool {
    match (value, literal) {
        (Value::String(text), Literal::Text(wanted)) => text.eq_ignore_ascii_case(wanted),
        (Value::Bool(flag), Literal::Bool(wanted)) => flag == wanted,
        (Value::Number(number), Literal::Number(wanted)) => number.as_f64() == Some(*wanted),
        (Value::Null, Literal::Null) => true,
        _ => false,
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.to_lowercase().cmp(&b.to_lowercase()),
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Null, Value::Null) => Ordering::Equal,
        // Nulls sort first, as SOQL's default NULLS FIRST.
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

fn record(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn organization() -> Table {
    Table {
        object: "Organization",
        fields: &[
            "Id",
            "Name",
            "OrganizationType",
            "InstanceName",
            "IsSandbox",
            "LanguageLocaleKey",
            "TimeZoneSidKey",
        ],
        records: vec![record(json!({
            "Id": ORG_ID,
            "Name": ORG_NAME,
            "OrganizationType": "Developer Edition",
            "InstanceName": "PRACTICE",
            "IsSandbox": false,
            "LanguageLocaleKey": "en_US",
            "TimeZoneSidKey": "America/Los_Angeles",
        }))],
    }
}

fn user_table(users: &[User]) -> Table {
    Table {
        object: "User",
        fields: &[
            "Id",
            "Username",
            "Name",
            "FirstName",
            "LastName",
            "Email",
            "IsActive",
            "UserType",
        ],
        records: users
            .iter()
            .map(|user| {
                record(json!({
                    "Id": user.id,
                    "Username": user.username,
                    "Name": user.name(),
                    "FirstName": user.first_name,
                    "LastName": user.last_name,
                    "Email": user.email(),
                    "IsActive": user.active,
                    "UserType": "Standard",
                }))
            })
            .collect(),
    }
}

fn accounts() -> Table {
    let rows = [
        (
            "001000000000PR1AAA",
            "Acme Corporation",
            "Manufacturing",
            "Customer - Direct",
            "San Francisco",
            1200,
        ),
        (
            "001000000000PR2AAA",
            "Globex",
            "Energy",
            "Customer - Channel",
            "Springfield",
            350,
        ),
        (
            "001000000000PR3AAA",
            "Initech",
            "Technology",
            "Prospect",
            "Austin",
            90,
        ),
        (
            "001000000000PR4AAA",
            "Umbrella Health",
            "Healthcare",
            "Customer - Direct",
            "Raccoon City",
            5000,
        ),
        (
            "001000000000PR5AAA",
            "Stark Logistics",
            "Transportation",
            "Partner",
            "New York",
            780,
        ),
    ];
    Table {
        object: "Account",
        fields: &[
            "Id",
            "Name",
            "Industry",
            "Type",
            "BillingCity",
            "NumberOfEmployees",
        ],
        records: rows
            .iter()
            .map(|(id, name, industry, kind, city, employees)| {
                record(json!({
                    "Id": id,
                    "Name": name,
                    "Industry": industry,
                    "Type": kind,
                    "BillingCity": city,
                    "NumberOfEmployees": employees,
                }))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use eca_core::inputs::SetupInputs;

    use super::*;
    use crate::soql::parse;

    fn data() -> DataSet {
        let profile = eca_core::profile("service-board-sync").expect("profile");
        DataSet::new(&PracticeConfig::from_profile(
            profile,
            &SetupInputs::suggested(profile),
        ))
    }

    fn run(text: &str) -> Result<Value, QueryError> {
        data().run(&parse(text).unwrap(), "v66.0")
    }

    #[test]
    fn selects_the_fields_asked_with_canonical_names() {
        let result = run("SELECT name, id FROM organization").unwrap();
        assert_eq!(result["totalSize"], 1);
        let record = &result["records"][0];
        assert_eq!(record["Name"], ORG_NAME);
        assert_eq!(record["attributes"]["type"], "Organization");
        assert_eq!(record["Id"], ORG_ID);
        assert_eq!(
            record.as_object().unwrap().len(),
            3,
            "attributes and the two fields"
        );
    }

    #[test]
    fn filters_orders_and_limits() {
        let result =
            run("SELECT Name FROM Account WHERE Type = 'customer - direct' ORDER BY Name DESC")
                .unwrap();
        let names: Vec<&str> = result["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Umbrella Health", "Acme Corporation"]);
        assert_eq!(
            run("SELECT Id FROM Account LIMIT 2").unwrap()["totalSize"],
            2
        );
        assert_eq!(run("SELECT COUNT() FROM Account").unwrap()["totalSize"], 5);
        let users = run("SELECT Username FROM User WHERE IsActive = true").unwrap();
        assert_eq!(
            users["totalSize"], 2,
            "the practice user and the Run As user"
        );
    }

    #[test]
    fn unknown_objects_and_fields_use_salesforces_codes() {
        assert_eq!(
            run("SELECT Id FROM Opportunity").unwrap_err().error_code(),
            "INVALID_TYPE"
        );
        let err = run("SELECT Id, Revenue__c FROM Account").unwrap_err();
        assert_eq!(err.error_code(), "INVALID_FIELD");
        assert!(err.to_string().contains("'Revenue__c'"));
    }
}

//! The practice org's records (its Organization, its Users with their profiles, a few Accounts;
//! and, built by `org` from what happened, OauthToken, LoginHistory and ConnectedApplication)
//! and running a parsed SOQL query over them. The users are the practice user and the Run As
//! user from the config, so what a token's identity says and what a query returns agree.
//! Relationship fields (`Profile.Name`) are stored under their dotted path and answered nested,
//! as the REST API nests them.

use std::cmp::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use crate::config::PracticeConfig;
use crate::soql::{Direction, Item, Literal, Query, QueryError, Selection};

/// The practice org's id, 18 characters as the REST API shows it.
pub const ORG_ID: &str = "00D000000000PRAEAQ";
pub const ORG_NAME: &str = "Practice org (this computer)";

/// A user of the practice org.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub active: bool,
    /// The profile's Name, and its API Enabled and API Only User permissions.
    pub profile: &'static str,
    pub api_enabled: bool,
    pub api_only: bool,
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

/// One object's records.
pub struct Table {
    pub object: &'static str,
    /// Field names in their canonical case; queries match them case-insensitively.
    pub fields: &'static [&'static str],
    /// The only fields a query may filter on, where the object documents such a list.
    pub filterable: Option<&'static [&'static str]>,
    pub records: Vec<Map<String, Value>>,
}

pub struct DataSet {
    users: Vec<User>,
    tables: Vec<Table>,
}

/// The Run As user's id when the config names one.
pub const DEFAULT_RUN_AS_ID: &str = "005000000000PRBAAA";

/// The profile the practice admin has.
pub const ADMIN_PROFILE: &str = "System Administrator";
/// The profile of the Run As user (Salesforce's profile for integration users).
pub const INTEGRATION_PROFILE: &str = "Minimum Access - API Only Integrations";

impl DataSet {
    pub fn new(config: &PracticeConfig) -> DataSet {
        let mut users = vec![User {
            id: "005000000000PRAAAA".into(),
            username: config.username.clone(),
            first_name: "Practice".into(),
            last_name: "Admin".into(),
            active: config.user_active,
            profile: ADMIN_PROFILE,
            api_enabled: true,
            api_only: false,
        }];
        if let Some(run_as) = &config.run_as {
            if !run_as.eq_ignore_ascii_case(&config.username) {
                users.push(User {
                    id: DEFAULT_RUN_AS_ID.into(),
                    username: run_as.clone(),
                    first_name: "Integration".into(),
                    last_name: "User".into(),
                    active: config.user_active,
                    profile: INTEGRATION_PROFILE,
                    api_enabled: config.run_as_api,
                    api_only: config.run_as_api,
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

    /// The query's result in the REST API's shape: `totalSize`, `done`, `records`. `built` are
    /// the tables made from the org's state at the time of the query.
    pub fn run(&self, query: &Query, version: &str, built: &[Table]) -> Result<Value, QueryError> {
        let table = self
            .tables
            .iter()
            .chain(built)
            .find(|table| table.object.eq_ignore_ascii_case(&query.object))
            .ok_or_else(|| QueryError::InvalidType(query.object.clone()))?;
        run(table, query, version, SystemTime::now())
    }
}

/// Runs `query` over one table, `now` deciding what `LAST_N_DAYS` covers.
fn run(table: &Table, query: &Query, version: &str, now: SystemTime) -> Result<Value, QueryError> {
    let field = |name: &str| table.field(name);
    let filters = query
        .filters
        .iter()
        .map(|condition| {
            let name = field(&condition.field)?;
            if table.filterable.is_some_and(|list| !list.contains(&name)) {
                return Err(QueryError::NotFilterable(name.to_owned()));
            }
            Ok((name, condition))
        })
        .collect::<Result<Vec<_>, QueryError>>()?;
    let mut rows: Vec<&Map<String, Value>> = table
        .records
        .iter()
        .filter(|record| {
            filters.iter().all(|(name, condition)| {
                matches(&record[*name], &condition.value, now) == condition.equal
            })
        })
        .collect();
    let records: Vec<Value> = match &query.selection {
        Selection::Count => {
            rows.truncate(query.limit.unwrap_or(usize::MAX));
            Vec::new()
        }
        Selection::Fields(names) => {
            let names = names
                .iter()
                .map(|name| field(name))
                .collect::<Result<Vec<_>, QueryError>>()?;
            sort(&mut rows, query, &field)?;
            rows.truncate(query.limit.unwrap_or(usize::MAX));
            rows.iter()
                .map(|row| {
                    let id = row.get("Id").and_then(Value::as_str).unwrap_or_default();
                    let url = format!("/services/data/{version}/sobjects/{}/{id}", table.object);
                    let mut out = Map::new();
                    out.insert(
                        "attributes".into(),
                        json!({ "type": table.object, "url": url }),
                    );
                    for name in &names {
                        insert_path(&mut out, name, row[*name].clone(), version);
                    }
                    Value::Object(out)
                })
                .collect()
        }
        Selection::Aggregate(items) => {
            let aggregated = aggregate(&rows, items, query, &field)?;
            let total = aggregated.len();
            let mut aggregated = aggregated;
            aggregated.truncate(query.limit.unwrap_or(total));
            return Ok(
                json!({ "totalSize": aggregated.len(), "done": true, "records": aggregated }),
            );
        }
    };
    Ok(json!({ "totalSize": rows.len(), "done": true, "records": records }))
}

fn sort<'a>(
    rows: &mut [&Map<String, Value>],
    query: &Query,
    field: &impl Fn(&str) -> Result<&'a str, QueryError>,
) -> Result<(), QueryError> {
    if let Some((name, direction)) = &query.order_by {
        let name = field(name)?;
        rows.sort_by(|a, b| compare(&a[name], &b[name]));
        if *direction == Direction::Descending {
            rows.reverse();
        }
    }
    Ok(())
}

/// `AggregateResult` rows: one per group (or one in all), the grouped field under its name and
/// each aggregate under `expr0`, `expr1`... in the order selected.
fn aggregate<'a>(
    rows: &[&Map<String, Value>],
    items: &[Item],
    query: &Query,
    field: &impl Fn(&str) -> Result<&'a str, QueryError>,
) -> Result<Vec<Value>, QueryError> {
    let group = query.group_by.as_deref().map(field).transpose()?;
    let mut groups: Vec<(Value, Vec<&Map<String, Value>>)> = Vec::new();
    for row in rows {
        let key = group.map_or(Value::Null, |name| row[name].clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    if group.is_none() && groups.is_empty() {
        groups.push((Value::Null, Vec::new()));
    }
    let mut out = Vec::new();
    for (key, members) in groups {
        let mut record = Map::new();
        record.insert("attributes".into(), json!({ "type": "AggregateResult" }));
        let mut expr = 0;
        for item in items {
            let (name, value) = match item {
                Item::Field(name) => {
                    let name = field(name)?;
                    record.insert(name.to_owned(), key.clone());
                    continue;
                }
                Item::Count(name) => {
                    let name = field(name)?;
                    let count = members.iter().filter(|row| !row[name].is_null()).count();
                    (format!("expr{expr}"), json!(count))
                }
                Item::Max(name) => {
                    let name = field(name)?;
                    let max = members
                        .iter()
                        .map(|row| &row[name])
                        .max_by(|a, b| compare(a, b))
                        .cloned()
                        .unwrap_or(Value::Null);
                    (format!("expr{expr}"), max)
                }
            };
            expr += 1;
            record.insert(name, value);
        }
        out.push(Value::Object(record));
    }
    if let Some((name, direction)) = &query.order_by {
        let name = field(name)?;
        out.sort_by(|a, b| compare(&a[name], &b[name]));
        if *direction == Direction::Descending {
            out.reverse();
        }
    }
    Ok(out)
}

/// `Profile.Name` answered as `"Profile": {"attributes": {...}, "Name": ...}`.
fn insert_path(out: &mut Map<String, Value>, path: &str, value: Value, version: &str) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_owned(), value);
        }
        Some((relationship, rest)) => {
            let nested = out.entry(relationship.to_owned()).or_insert_with(|| {
                json!({ "attributes": {
                    "type": relationship,
                    "url": format!("/services/data/{version}/sobjects/{relationship}"),
                } })
            });
            if let Value::Object(nested) = nested {
                insert_path(nested, rest, value, version);
            }
        }
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

/// SOQL's `=`: text compares without regard to case; `LAST_N_DAYS:n` holds a dateTime from
/// midnight (UTC) n days ago until now.
fn matches(value: &Value, literal: &Literal, now: SystemTime) -> bool {
    match (value, literal) {
        (Value::String(text), Literal::Text(wanted)) => text.eq_ignore_ascii_case(wanted),
        (Value::Bool(flag), Literal::Bool(wanted)) => flag == wanted,
        (Value::Number(number), Literal::Number(wanted)) => number.as_f64() == Some(*wanted),
        (Value::Null, Literal::Null) => true,
        (Value::String(text), Literal::LastNDays(days)) => {
            let today = seconds(now) / 86_400 * 86_400;
            let from = today.saturating_sub(u64::from(*days) * 86_400);
            let from = datetime(UNIX_EPOCH + Duration::from_secs(from));
            // The format sorts as text, so the range is a text range.
            text.as_str() >= from.as_str() && text.as_str() <= datetime(now).as_str()
        }
        _ => false,
    }
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// A dateTime as the REST API writes it: `2026-11-29T08:02:00.000+0000`.
pub fn datetime(time: SystemTime) -> String {
    let secs = seconds(time);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+0000",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
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

pub fn record(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn organization() -> Table {
    Table {
        object: "Organization",
        filterable: None,
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
        filterable: None,
        fields: &[
            "Id",
            "Username",
            "Name",
            "FirstName",
            "LastName",
            "Email",
            "IsActive",
            "UserType",
            "ProfileId",
            "Profile.Name",
            "Profile.PermissionsApiEnabled",
            "Profile.PermissionsApiUserOnly",
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
                    "ProfileId": profile_id(user.profile),
                    "Profile.Name": user.profile,
                    "Profile.PermissionsApiEnabled": user.api_enabled,
                    "Profile.PermissionsApiUserOnly": user.api_only,
                }))
            })
            .collect(),
    }
}

fn profile_id(profile: &str) -> &'static str {
    if profile == ADMIN_PROFILE {
        "00e000000000PRAAA0"
    } else {
        "00e000000000PRBAA0"
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
        filterable: None,
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
        data().run(&parse(text).unwrap(), "v66.0", &[])
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
    fn relationship_fields_are_answered_nested() {
        let result = run("SELECT Username, Profile.Name, Profile.PermissionsApiEnabled FROM User WHERE Username = 'integration@practice.example'").unwrap();
        let user = &result["records"][0];
        assert_eq!(user["Profile"]["Name"], INTEGRATION_PROFILE);
        assert_eq!(user["Profile"]["PermissionsApiEnabled"], true);
        assert_eq!(user["Profile"]["attributes"]["type"], "Profile");
    }

    #[test]
    fn aggregates_group_and_count() {
        let result =
            run("SELECT Type, COUNT(Id) FROM Account GROUP BY Type ORDER BY Type").unwrap();
        let rows = result["records"].as_array().unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1]["Type"], "Customer - Direct");
        assert_eq!(rows[1]["expr0"], 2);
        assert_eq!(rows[1]["attributes"]["type"], "AggregateResult");
        assert_eq!(
            run("SELECT COUNT(Id) FROM Account").unwrap()["records"][0]["expr0"],
            5
        );
    }

    #[test]
    fn datetimes_use_the_rest_apis_format_and_last_n_days_covers_whole_days() {
        let at = UNIX_EPOCH + Duration::from_secs(1_796_026_920);
        assert_eq!(datetime(at), "2026-11-30T08:22:00.000+0000");
        let earlier = |days: u64| Value::String(datetime(at - Duration::from_secs(days * 86_400)));
        assert!(matches(&earlier(29), &Literal::LastNDays(30), at));
        assert!(!matches(&earlier(31), &Literal::LastNDays(30), at));
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

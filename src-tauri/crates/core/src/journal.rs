//! The support log: one line per event in `eca-setup.log`, rotated at `MAX_BYTES` with
//! `KEEP` older files beside it, so an admin can send the folder to support.
//!
//! Nothing secret can reach it. Events are written from field values the caller formats, and
//! `Secret` formats as `<redacted>`; on top of that every line passes through `redact`, which
//! hides anything shaped like a key, secret or token, should one ever arrive as plain text.

use std::fmt::Display;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const FILE_NAME: &str = "eca-setup.log";
const MAX_BYTES: u64 = 512 * 1024;
const KEEP: usize = 3;
/// Shorter runs are ids, hosts and step names; Salesforce keys, secrets and tokens are longer.
const LONGEST_PLAIN_WORD: usize = 31;
/// An older connected app's Consumer Secret is 19 decimal digits (`eca_vault::paste`), short
/// enough to pass as a plain word; no id or time the log writes runs to 19 digits (a setup id's
/// time is 16).
const SECRET_DIGITS: usize = 19;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }
}

/// The log of one running app. The file is created at the first line written, so a command
/// that logs nothing leaves nothing behind. A journal that cannot write stays silent: the app
/// works the same without its log.
pub struct Journal {
    sink: Mutex<Sink>,
}

enum Sink {
    /// Not opened yet: `dir/eca-setup.log` is created at the first line.
    Unopened {
        dir: PathBuf,
        max_bytes: u64,
    },
    Open(LogFile),
    /// Silent by choice, or because the file could not be opened.
    Off,
}

struct LogFile {
    path: PathBuf,
    file: File,
    written: u64,
    max_bytes: u64,
}

impl Journal {
    /// Appends to `dir/eca-setup.log`, creating the folder and the file at the first line.
    pub fn open(dir: &Path) -> Journal {
        Journal::with_limit(dir, MAX_BYTES)
    }

    /// A journal that writes nothing, for tools and tests that keep no log.
    pub fn silent() -> Journal {
        Journal {
            sink: Mutex::new(Sink::Off),
        }
    }

    fn with_limit(dir: &Path, max_bytes: u64) -> Journal {
        Journal {
            sink: Mutex::new(Sink::Unopened {
                dir: dir.to_owned(),
                max_bytes,
            }),
        }
    }

    pub fn info(&self, event: &str, fields: &[(&str, &dyn Display)]) {
        self.write(Level::Info, event, fields);
    }

    pub fn warn(&self, event: &str, fields: &[(&str, &dyn Display)]) {
        self.write(Level::Warn, event, fields);
    }

    pub fn error(&self, event: &str, fields: &[(&str, &dyn Display)]) {
        self.write(Level::Error, event, fields);
    }

    /// One line: time, level, event, then `name="value"` pairs, redacted.
    pub fn write(&self, level: Level, event: &str, fields: &[(&str, &dyn Display)]) {
        let mut sink = self
            .sink
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Sink::Unopened { dir, max_bytes } = &*sink {
            *sink = LogFile::open(dir, *max_bytes).map_or(Sink::Off, Sink::Open);
        }
        let Sink::Open(log) = &mut *sink else {
            return;
        };
        let time = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let mut line = format!("{time} {} {event}", level.label());
        for (name, value) in fields {
            let value = value.to_string().replace(['\n', '\r'], " ");
            line.push_str(&format!(" {name}={value:?}"));
        }
        let mut line = redact(&line);
        line.push('\n');
        if log.written + line.len() as u64 > log.max_bytes && log.written > 0 {
            log.rotate();
        }
        if log.file.write_all(line.as_bytes()).is_ok() {
            log.written += line.len() as u64;
        }
    }
}

impl LogFile {
    fn open(dir: &Path, max_bytes: u64) -> Option<LogFile> {
        let path = dir.join(FILE_NAME);
        let file = crate::files::create_private_dir(dir)
            .and_then(|()| open_private(&path))
            .ok()?;
        Some(LogFile {
            written: file.metadata().map(|meta| meta.len()).unwrap_or(0),
            path,
            file,
            max_bytes,
        })
    }

    /// `eca-setup.log` becomes `eca-setup.1.log`, `.1` becomes `.2`, and the oldest goes.
    fn rotate(&mut self) {
        for n in (1..KEEP).rev() {
            let _ = fs::rename(numbered(&self.path, n), numbered(&self.path, n + 1));
        }
        let _ = fs::rename(&self.path, numbered(&self.path, 1));
        if let Ok(file) = open_private(&self.path) {
            self.file = file;
            self.written = 0;
        }
    }
}

/// The log at `path` for appending, readable by the admin's account only (0600 on Unix). A log
/// an older version left readable by others is made private too; its rotated files follow,
/// since rotating renames it.
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// `eca-setup.N.log` beside `path`.
pub fn numbered(path: &Path, n: usize) -> PathBuf {
    path.with_file_name(format!("eca-setup.{n}.log"))
}

/// The line with every long run of letters and digits that mixes both (the shape of every
/// Salesforce key, secret and token), and every run holding 19 digits in a row (an older
/// connected app's secret, also as `secret=…`), replaced by `<redacted>`.
pub fn redact(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    for ch in line.chars() {
        if is_token_char(ch) {
            word.push(ch);
        } else {
            flush(&mut out, &mut word);
            out.push(ch);
        }
    }
    flush(&mut out, &mut word);
    out
}

fn is_token_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '!' | '+' | '/' | '=' | '~')
}

fn flush(out: &mut String, word: &mut String) {
    let mixed_and_long = word.len() > LONGEST_PLAIN_WORD
        && word.chars().any(|ch| ch.is_ascii_digit())
        && word.chars().any(|ch| ch.is_ascii_alphabetic());
    let looks_secret = mixed_and_long || longest_digit_run(word) >= SECRET_DIGITS;
    if looks_secret {
        out.push_str("<redacted>");
    } else {
        out.push_str(word);
    }
    word.clear();
}

fn longest_digit_run(word: &str) -> usize {
    word.split(|ch: char| !ch.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn an_all_digit_connected_app_secret_is_redacted_alone_or_after_a_name() {
        let secret = "8234750219834750291";
        for line in [
            format!("pasted {secret} here"),
            format!("secret={secret}"),
            format!("\"{secret}\""),
        ] {
            let redacted = redact(&line);
            assert!(!redacted.contains(secret), "{redacted}");
            assert!(redacted.contains("<redacted>"), "{redacted}");
        }
        let times = "setup=vonage-ai-studio-1763900000000000 issued_at=1700000000000";
        assert_eq!(redact(times), times, "ids and times stay readable");
    }

    const SECRET: &str = "E1D2C3B4A5968778695A4B3C2D1E0F1A2B3C4D5E6F708192A3B4C5D6E7F80912";
    const KEY: &str =
        "3MVG9fe4g9fhX0E5Yb1rBi7AeL4zOUFaVbLLNb3p9aQq5uPVd_DoDHmmm5gV2oEyyZ8y9pN9vJbBnsQ.E0b1";
    const TOKEN: &str = "00D5g000004XYZ1!AQ4AQFu6kM1fC7sZ3yq.P3h0Tk2l8GQwXzLqW0r6n4_vJ9kYx";

    fn read(dir: &Path) -> String {
        fs::read_to_string(dir.join(FILE_NAME)).unwrap()
    }

    #[test]
    fn a_line_names_its_event_and_fields() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path());
        journal.info(
            "verify.finished",
            &[("connection", &"Salesforce QA"), ("passed", &true)],
        );
        let text = read(dir.path());
        assert!(
            text.ends_with(" INFO verify.finished connection=\"Salesforce QA\" passed=\"true\"\n"),
            "{text}"
        );
    }

    #[test]
    fn secrets_never_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path());
        let secret = Secret::new(SECRET);
        journal.warn("oops", &[("secret", &secret)]);
        journal.warn(
            "pasted",
            &[(
                "text",
                &format!("key {KEY} secret {SECRET}\nBearer {TOKEN}"),
            )],
        );
        let text = read(dir.path());
        for needle in [SECRET, KEY, TOKEN, "AQ4AQFu6kM1fC7sZ3yq"] {
            assert!(!text.contains(needle), "{needle} in {text}");
        }
        assert_eq!(text.matches("<redacted>").count(), 4, "{text}");
        assert_eq!(
            text.lines().count(),
            2,
            "a newline in a value starts no line"
        );
    }

    #[test]
    fn ids_hosts_and_sentences_stay_readable() {
        let line = "setup=vonage-ai-studio-1763900000000000 host=acme.my.salesforce.com \
                    key=3MVG…E0b1 sentence=\"The org answered 401 to /services/oauth2/token.\"";
        assert_eq!(redact(line), line);
    }

    #[test]
    fn a_full_file_rotates_and_keeps_three_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::with_limit(dir.path(), 200);
        for n in 0..40 {
            journal.info("tick", &[("n", &n)]);
        }
        let path = dir.path().join(FILE_NAME);
        for n in 1..=KEEP {
            let old = fs::read_to_string(numbered(&path, n)).unwrap();
            assert!(old.len() <= 200, "{n}: {} bytes", old.len());
            assert!(old.contains(" INFO tick n="));
        }
        assert!(!numbered(&path, KEEP + 1).exists());
        #[cfg(unix)]
        for file in (1..=KEEP).map(|n| numbered(&path, n)).chain([path.clone()]) {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        assert!(
            read(dir.path()).contains("n=\"39\""),
            "the newest line is in the live file"
        );
        let newest_rotated = fs::read_to_string(numbered(&path, 1)).unwrap();
        let oldest_kept = fs::read_to_string(numbered(&path, KEEP)).unwrap();
        assert!(first_n(&newest_rotated) > first_n(&oldest_kept));
    }

    #[test]
    fn an_unwritable_folder_makes_a_silent_journal() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "").unwrap();
        let journal = Journal::open(&blocker.join("logs"));
        journal.error("still fine", &[]);
        assert!(!blocker.join("logs").exists());
    }

    fn first_n(text: &str) -> u32 {
        let start = text.find("n=\"").unwrap() + 3;
        text[start..].split('"').next().unwrap().parse().unwrap()
    }
}

//! A Consumer Secret typed at a terminal never shows. The CLI runs on a pseudo-terminal made
//! here, the test types at its prompts as a person would, and searches everything the terminal
//! showed. The key is echoed as typed (proof that the terminal echoes at all); with the echo
//! left on for the secret, the terminal itself would show it and the test fails. Piped input is
//! covered by the other CLI tests, which all pipe.
#![cfg(unix)]

mod common;

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{field, keychain_reachable, practice_org_with};
use rustix::fs::OFlags;
use rustix::process::{kill_process, Pid, Signal};
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use rustix::termios::{tcgetattr, LocalModes};

const SECRET_PROMPT: &str = "Consumer Secret (not shown as you type or paste): ";

/// The CLI on a pseudo-terminal: what the terminal has shown so far, and its keyboard.
struct Terminal {
    keyboard: File,
    /// The terminal side the CLI reads, to look at its modes.
    line: File,
    shown: Arc<Mutex<Vec<u8>>>,
    /// Reads the screen until the CLI's side of the terminal is closed.
    reader: thread::JoinHandle<()>,
    child: Child,
}

impl Terminal {
    /// Starts the CLI with `args` and `env`, its stdin, stdout and stderr on a new terminal.
    fn start(args: &[&str], env: &[(&str, &std::path::Path)]) -> Terminal {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("its name");
        let open_line = || {
            OpenOptions::new()
                .read(true)
                .write(true)
                // Never this test's controlling terminal.
                .custom_flags(OFlags::NOCTTY.bits() as i32)
                .open(name.to_str().expect("a UTF-8 path"))
                .expect("the terminal's line")
        };
        let mut command = Command::new(env!("CARGO_BIN_EXE_eca-setup-cli"));
        command
            .args(args)
            .stdin(Stdio::from(open_line()))
            .stdout(Stdio::from(open_line()))
            .stderr(Stdio::from(open_line()));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("the CLI starts");
        // The command's copies of the line go, so the screen ends when the CLI exits.
        drop(command);
        let master = File::from(master);
        let shown = Arc::new(Mutex::new(Vec::new()));
        let mut screen = master.try_clone().expect("the screen side");
        let sink = Arc::clone(&shown);
        let reader = thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            // Linux answers EIO once the CLI has closed its side: the screen is complete.
            while let Ok(read @ 1..) = screen.read(&mut chunk) {
                sink.lock()
                    .expect("screen")
                    .extend_from_slice(&chunk[..read]);
            }
        });
        Terminal {
            keyboard: master,
            line: open_line(),
            shown,
            reader,
            child,
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.shown.lock().expect("screen")).into_owned()
    }

    /// Waits until the terminal has shown `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.screen().contains(text) {
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `text` and Enter, as a person does (Enter sends a carriage return).
    fn type_line(&mut self, text: &str) {
        self.keyboard
            .write_all(format!("{text}\r").as_bytes())
            .expect("typed");
    }

    fn echo_is_on(&self) -> bool {
        tcgetattr(&self.line)
            .expect("the terminal's modes")
            .local_modes
            .contains(LocalModes::ECHO)
    }

    /// Waits for the CLI to exit; returns its code and all the terminal showed.
    fn finish(self) -> (i32, String) {
        let Terminal {
            keyboard,
            line,
            shown,
            reader,
            mut child,
        } = self;
        let status = child.wait().expect("the CLI ends");
        // With no line side open any more, reading the screen ends (EIO) once it is drained.
        drop(line);
        reader.join().expect("the screen reader");
        drop(keyboard);
        let shown = String::from_utf8_lossy(&shown.lock().expect("screen")).into_owned();
        (status.code().expect("an exit code"), shown)
    }
}

/// Types the key and the secret at `terminal`'s prompts and checks what it showed.
fn type_credentials(mut terminal: Terminal, key: &str, secret: &str) -> (i32, String) {
    terminal.wait_for("Consumer Key: ");
    assert!(terminal.echo_is_on(), "the key is echoed as it is typed");
    terminal.type_line(key);
    terminal.wait_for(SECRET_PROMPT);
    // The prompt shows only once the echo is off, so typing now is as safe as for a person.
    let echo_at_the_prompt = terminal.echo_is_on();
    terminal.type_line(secret);
    let (code, shown) = terminal.finish();
    assert!(shown.contains(key), "the key showed as typed:\n{shown}");
    assert!(
        !shown.contains(secret),
        "the secret showed on the terminal:\n{}",
        shown.replace(secret, "<THE SECRET>")
    );
    assert!(
        !echo_at_the_prompt,
        "the echo was on while the secret was asked for"
    );
    (code, shown)
}

#[test]
fn verify_does_not_echo_a_secret_typed_at_the_terminal() {
    let (mut org, printed) = practice_org_with(&["--profile", "service-board-sync"]);
    let (domain, key, secret) = (
        field(&printed, "Domain:"),
        field(&printed, "Consumer Key:"),
        field(&printed, "Consumer Secret:"),
    );
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [("XDG_DATA_HOME", data.as_path()), ("HOME", home.path())];
    let terminal = Terminal::start(
        &[
            "verify",
            "--practice",
            "--profile",
            "service-board-sync",
            "--domain",
            &domain,
            "--input",
            "run_as=integration@practice.example",
        ],
        &env,
    );
    let (code, shown) = type_credentials(terminal, &key, &secret);
    let _ = org.kill();
    let _ = org.wait();
    assert_eq!(code, 0, "the secret typed was read whole:\n{shown}");
    assert!(
        shown.contains("Result: the External Client App works."),
        "{shown}"
    );
    assert!(
        shown.contains("PASS  The test tokens are revoked: Revoked"),
        "{shown}"
    );
}

#[test]
fn connection_add_does_not_echo_a_secret_typed_at_the_terminal() {
    if !keychain_reachable("connection_add_does_not_echo_a_secret_typed_at_the_terminal") {
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [("XDG_DATA_HOME", data.as_path()), ("HOME", home.path())];
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let name = format!("Typed {}-{nanos}", std::process::id());
    let key =
        "3MVG9rZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzXcVbNm1234567";
    let secret = "5D2F8A0C1E3B4A6F7D9E0C2B4A6F8D1E3C5B7A9F0E2D4C6B8A1F3E5D7C9B0A2F";
    let terminal = Terminal::start(
        &[
            "connection",
            "add",
            "--name",
            &name,
            "--profile",
            "webex",
            "--domain",
            "acme.my.salesforce.com",
        ],
        &env,
    );
    let (code, shown) = type_credentials(terminal, key, secret);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("Saved the connection"), "{shown}");
    let removed = common::cli_with_stdin(&["connection", "remove", &name], "", &env);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
}

#[test]
fn ctrl_c_at_the_secret_prompt_puts_the_echo_back() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let env = [("XDG_DATA_HOME", data.as_path()), ("HOME", home.path())];
    let mut terminal = Terminal::start(
        &[
            "verify",
            "--practice",
            "--profile",
            "service-board-sync",
            "--domain",
            "127.0.0.1:9",
            "--input",
            "run_as=integration@practice.example",
        ],
        &env,
    );
    terminal.wait_for("Consumer Key: ");
    terminal.type_line("3MVGkey");
    terminal.wait_for(SECRET_PROMPT);
    assert!(
        !terminal.echo_is_on(),
        "the echo is off at the secret's prompt"
    );
    // What the terminal sends the foreground program when Ctrl+C is pressed.
    kill_process(Pid::from_child(&terminal.child), Signal::INT).expect("SIGINT");
    let status = terminal.child.wait().expect("the CLI ends");
    assert!(
        terminal.echo_is_on(),
        "the echo is back on, whatever the shell does"
    );
    let (code, shown) = terminal.finish();
    assert_eq!(code, 1, "{status:?}\n{shown}");
    assert!(
        shown
            .contains("Stopped at the Consumer Secret prompt (Ctrl+C): nothing was saved or sent."),
        "{shown}"
    );
}

/// A session bus that takes connections and never answers, as a keyring stuck behind an
/// unlock prompt: a keychain call then waits until its timeout (ten seconds).
fn silent_session_bus(dir: &std::path::Path) -> String {
    let path = dir.join("bus");
    let bus = std::os::unix::net::UnixListener::bind(&path).expect("a socket");
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in bus.incoming().flatten() {
            held.push(stream);
        }
    });
    format!("unix:path={}", path.display())
}

#[test]
fn ctrl_c_after_the_secret_prompt_still_stops_the_command() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let bus = silent_session_bus(home.path());
    let bus = std::path::PathBuf::from(bus);
    let env = [
        ("XDG_DATA_HOME", data.as_path()),
        ("HOME", home.path()),
        ("DBUS_SESSION_BUS_ADDRESS", bus.as_path()),
    ];
    let mut terminal = Terminal::start(
        &[
            "connection",
            "add",
            "--name",
            "Stuck keychain",
            "--profile",
            "webex",
            "--domain",
            "acme.my.salesforce.com",
        ],
        &env,
    );
    terminal.wait_for("Consumer Key: ");
    terminal.type_line(
        "3MVG9rZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzXcVbNm1234567",
    );
    terminal.wait_for(SECRET_PROMPT);
    terminal.type_line("5D2F8A0C1E3B4A6F7D9E0C2B4A6F8D1E3C5B7A9F0E2D4C6B8A1F3E5D7C9B0A2F");
    // The command now waits on the keychain, which never answers.
    thread::sleep(Duration::from_millis(1500));
    assert!(
        terminal.child.try_wait().expect("status").is_none(),
        "the command ended before Ctrl+C:\n{}",
        terminal.screen()
    );
    kill_process(Pid::from_child(&terminal.child), Signal::INT).expect("SIGINT");
    let pressed = Instant::now();
    while terminal.child.try_wait().expect("status").is_none() {
        assert!(
            pressed.elapsed() < Duration::from_secs(4),
            "Ctrl+C after the secret's prompt was ignored:\n{}",
            terminal.screen()
        );
        thread::sleep(Duration::from_millis(20));
    }
    let (code, shown) = terminal.finish();
    assert_eq!(code, 130, "{shown}");
    assert!(shown.contains("Stopped (Ctrl+C)."), "{shown}");
}

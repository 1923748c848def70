//! The Consumer Key and Secret from standard input, never from arguments (which other users can
//! see in `ps` and which stay in shell history). Piped in, they are two lines, read as they
//! always were. Typed at a terminal, each is asked for on stderr and the secret is read with the
//! terminal's echo off, so it never shows on screen or in the scrollback. On Unix the echo is
//! turned off before the prompt appears (termios, through rustix's safe calls), so nothing typed
//! at the prompt can show, and put back however the read ends, Ctrl+C included; Windows reads
//! the console through `rpassword`. What the values mean and whether they can be used is the
//! callers' (and the paste checks') business.

use std::io::{self, BufRead, IsTerminal, Write};

use eca_session::Secret;

use crate::failure::Failure;

/// The key and the secret as given: each line's ending removed, nothing else (the paste checks
/// trim and say so).
pub(crate) async fn read() -> Result<(String, Secret), Failure> {
    if !io::stdin().is_terminal() {
        return lines(&mut io::stdin().lock());
    }
    // At a terminal: the key is shown as it is typed (it is not secret, and seeing it helps),
    // the secret is not.
    prompt("Consumer Key: ");
    let key = line(&mut io::stdin().lock())?;
    let secret = unechoed().await?;
    Ok((key, secret))
}

/// The first two lines of `input`: the key, then the secret. The secret's line goes straight
/// into a `Secret`.
pub(crate) fn lines(input: &mut impl BufRead) -> Result<(String, Secret), Failure> {
    let key = line(input)?;
    let secret = Secret::new(line(input)?);
    Ok((key, secret))
}

/// What the secret's prompt says.
const SECRET_PROMPT: &str = "Consumer Secret (not shown as you type or paste): ";

/// The secret's line from the terminal on standard input, with the echo off from before the
/// prompt until the line is read, the read fails or Ctrl+C stops it. The kernel still edits
/// the line (backspace, Ctrl+U) and Enter still moves to the next line (ECHONL). Ctrl+C is
/// caught from before the echo goes off, so it puts the echo back: not every shell does. A
/// Ctrl+C after the prompt ends the command (`interrupt`).
#[cfg(unix)]
async fn unechoed() -> Result<Secret, Failure> {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, Termios};
    use tokio::signal::unix::{signal, SignalKind};

    /// Puts the terminal back as it was on every way out.
    struct Restore(Termios);
    impl Drop for Restore {
        fn drop(&mut self) {
            // Nothing more can be done if the terminal went away meanwhile.
            let _ = tcsetattr(io::stdin(), OptionalActions::Now, &self.0);
        }
    }

    // The prompt's own Ctrl+C handler stays in for the rest of the command (tokio never takes
    // one out), so the watcher that ends the command on a later Ctrl+C starts first.
    crate::interrupt::stop_on_ctrl_c();
    let prompt_handles_it = crate::interrupt::handled_here();
    let mut interrupted = signal(SignalKind::interrupt()).map_err(terminal_failure)?;
    let before = tcgetattr(io::stdin()).map_err(|err| terminal_failure(err.into()))?;
    let mut quiet = before.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    quiet.local_modes.insert(LocalModes::ECHONL);
    tcsetattr(io::stdin(), OptionalActions::Now, &quiet)
        .map_err(|err| terminal_failure(err.into()))?;
    let _restore = Restore(before);
    prompt(SECRET_PROMPT);
    // A blocking read on a thread of its own, so Ctrl+C can be heard meanwhile.
    let (typed, secret) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = typed.send(line(&mut io::stdin().lock()).map(Secret::new));
    });
    tokio::select! {
        secret = secret => secret.unwrap_or_else(|_| Err(Failure::failed(
            "The Consumer Secret could not be read from the terminal.",
            "Pipe the Consumer Key and the Consumer Secret in instead, one per line: < credentials.txt",
        ))),
        _ = interrupted.recv() => {
            prompt_handles_it.keep();
            prompt("\n");
            Err(Failure::failed(
                "Stopped at the Consumer Secret prompt (Ctrl+C): nothing was saved or sent.",
                "Run the command again with the secret at hand, or pipe both values in: < credentials.txt",
            ))
        }
    }
}

/// The secret from the console, unechoed by `rpassword` (which reads the console itself).
#[cfg(not(unix))]
async fn unechoed() -> Result<Secret, Failure> {
    rpassword::prompt_password(SECRET_PROMPT)
        .map(Secret::new)
        .map_err(terminal_failure)
}

fn terminal_failure(err: io::Error) -> Failure {
    Failure::failed(
        format!("The terminal's echo could not be turned off to read the Consumer Secret ({err}), so it was not asked for."),
        "Pipe the Consumer Key and the Consumer Secret in instead, one per line: < credentials.txt",
    )
}

fn prompt(text: &str) {
    let mut err = io::stderr().lock();
    // Nothing more can be done if stderr itself is gone; the read still happens.
    let _ = write!(err, "{text}");
    let _ = err.flush();
}

/// One line without its ending; empty at the end of the input.
fn line(input: &mut impl BufRead) -> Result<String, Failure> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(|err| {
        Failure::failed(
            format!("Standard input could not be read ({err})."),
            "Pipe the Consumer Key and the Consumer Secret in, one per line.",
        )
    })?;
    let content = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(content);
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_values_are_two_lines_with_only_their_endings_removed() {
        let mut input = io::Cursor::new(" 3MVGkey \r\nsecret \nmore\n");
        let (key, secret) = lines(&mut input).expect("read");
        assert_eq!(key, " 3MVGkey ");
        assert_eq!(secret.expose(), "secret ");
        let mut rest = String::new();
        input.read_line(&mut rest).expect("read");
        assert_eq!(rest, "more\n", "only two lines are read");
    }

    #[test]
    fn missing_lines_read_as_empty() {
        let (key, secret) = lines(&mut io::Cursor::new("key")).expect("read");
        assert_eq!(key, "key");
        assert!(secret.is_empty());
    }
}

//! Ctrl+C once the secret's prompt has been shown. Watching for Ctrl+C at the prompt (to put
//! the terminal's echo back) installs tokio's SIGINT handler, and tokio never takes it out: from
//! then on Ctrl+C would do nothing unless something listened. So a watcher, started before the
//! prompt, ends the command on Ctrl+C with the status a shell gives an interrupted program
//! (130), except while part of the command handles Ctrl+C itself: the prompt (which puts the
//! echo back and says nothing was sent) and a verification (which is cancelled and still
//! revokes its tokens).

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many parts of the command handle Ctrl+C themselves right now.
static HANDLED_HERE: AtomicUsize = AtomicUsize::new(0);

/// While held, Ctrl+C is left to the holder. A holder that ends the command because of a
/// Ctrl+C keeps it (`keep`), so the watcher does not end the command first with another
/// message.
pub(crate) struct Handling(());

pub(crate) fn handled_here() -> Handling {
    HANDLED_HERE.fetch_add(1, Ordering::SeqCst);
    Handling(())
}

impl Handling {
    /// The Ctrl+C came and the command is ending because of it: the watcher stays out.
    pub(crate) fn keep(self) {
        std::mem::forget(self);
    }
}

impl Drop for Handling {
    fn drop(&mut self) {
        HANDLED_HERE.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Starts the watcher (once) and returns when it is listening, so no Ctrl+C falls between.
#[cfg(unix)]
pub(crate) fn stop_on_ctrl_c() {
    use std::io::Write;
    use std::sync::Once;
    use tokio::signal::unix::{signal, SignalKind};

    static WATCHING: Once = Once::new();
    WATCHING.call_once(|| {
        let (listening, ready) = std::sync::mpsc::channel();
        // Its own thread and runtime, so it hears Ctrl+C even while the command's runtime is
        // busy in a blocking call.
        let started = std::thread::Builder::new()
            .name("ctrl-c".into())
            .spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                runtime.block_on(async {
                    let Ok(mut interrupts) = signal(SignalKind::interrupt()) else {
                        return;
                    };
                    let _ = listening.send(());
                    while interrupts.recv().await.is_some() {
                        if HANDLED_HERE.load(Ordering::SeqCst) == 0 {
                            // Nothing more can be done if stderr itself is gone.
                            let _ = writeln!(std::io::stderr(), "\nStopped (Ctrl+C).");
                            std::process::exit(130);
                        }
                    }
                });
            });
        if started.is_ok() {
            // A watcher that could not start sends nothing and drops its end: go on without.
            let _ = ready.recv();
        }
    });
}

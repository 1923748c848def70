//! Saved setups shared by several programs (the app and the command line) lose nothing: each
//! wizard here has its own store over the same folder, as a second program would, so only the
//! folder's lock file keeps their read-modify-writes apart. A change that waits for another
//! program is made once that one is done, and one that waits too long is refused with a sentence
//! saying why, having changed nothing.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use eca_core::setup::{Setup, SetupEdit};
use eca_core::store::SetupStore;
use eca_core::wizard::{Resume, Wizard};
use eca_core::{profile, ErrorCode, StepId};

/// A wizard of its own over `dir`, as another program would have.
fn wizard(dir: &Path) -> Wizard {
    Wizard::new(SetupStore::new(dir))
}

fn saved_setup(dir: &Path) -> (String, Vec<StepId>) {
    let vonage = profile("vonage-ai-studio").expect("profile");
    let mut setup = Setup::new(vonage, false);
    setup.inputs.domain = "acme.my.salesforce.com".into();
    let view = wizard(dir)
        .insert(setup, Resume::Unchanged)
        .expect("insert");
    let steps = view.checklist.steps.iter().map(|step| step.id).collect();
    (view.setup.id, steps)
}

#[test]
fn steps_marked_at_once_by_separate_programs_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, steps) = saved_setup(dir.path());
    assert!(steps.len() >= 5, "enough steps to race: {steps:?}");
    let start = Barrier::new(steps.len());
    thread::scope(|scope| {
        for &step in &steps {
            let (dir, id, start) = (dir.path(), &id, &start);
            scope.spawn(move || {
                let wizard = wizard(dir);
                start.wait();
                // Marked and unmarked over and over, ending marked: a lost update shows as a
                // step left unmarked (or marked by nobody).
                for round in 0..40 {
                    let edit = SetupEdit::Mark {
                        step,
                        done: round % 2 == 1,
                    };
                    wizard.edit(id, edit).expect("edit");
                }
            });
        }
    });
    let saved = wizard(dir.path()).read(&id).expect("read");
    let done: BTreeSet<StepId> = saved.setup.done.keys().copied().collect();
    let all: BTreeSet<StepId> = steps.into_iter().collect();
    assert_eq!(
        done, all,
        "every program's last change stands; missing ones were overwritten by another's"
    );
}

#[test]
fn setups_started_in_the_same_microsecond_by_separate_programs_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vonage = profile("vonage-ai-studio").expect("profile");
    let (programs, each) = (6, 20);
    let start = Barrier::new(programs);
    let started: Vec<String> = thread::scope(|scope| {
        let runs: Vec<_> = (0..programs)
            .map(|_| {
                let (dir, start) = (dir.path(), &start);
                scope.spawn(move || {
                    let wizard = wizard(dir);
                    start.wait();
                    (0..each)
                        .map(|round| {
                            // Ids come from the clock: every program read the same microsecond.
                            let mut setup = Setup::new(vonage, false);
                            setup.id = format!("vonage-ai-studio-{round}");
                            wizard.insert(setup, Resume::This).expect("insert").setup.id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().expect("thread"))
            .collect()
    });
    let distinct: BTreeSet<&String> = started.iter().collect();
    assert_eq!(
        distinct.len(),
        programs * each,
        "each new setup got an id of its own"
    );
    let listing = wizard(dir.path()).list().expect("list");
    assert!(listing.set_aside.is_empty(), "{:?}", listing.set_aside);
    let listed: BTreeSet<&String> = listing.setups.iter().map(|setup| &setup.id).collect();
    assert_eq!(
        listed, distinct,
        "every setup started is saved, none over another"
    );
}

#[test]
fn a_change_waits_for_another_programs_change_and_then_is_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, steps) = saved_setup(dir.path());
    let other = SetupStore::new(dir.path())
        .lock()
        .expect("the other program's lock");
    let waited = thread::scope(|scope| {
        let edit = scope.spawn(|| {
            let started = Instant::now();
            let edit = SetupEdit::Mark {
                step: steps[0],
                done: true,
            };
            wizard(dir.path()).edit(&id, edit).expect("edit");
            started.elapsed()
        });
        thread::sleep(Duration::from_millis(400));
        let read = SetupStore::new(dir.path()).load(&id).expect("load");
        assert!(
            read.done.is_empty(),
            "the edit did not go ahead while the other program held the lock"
        );
        drop(other);
        edit.join().expect("thread")
    });
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
    let read = wizard(dir.path()).read(&id).expect("read");
    assert!(read.setup.done.contains_key(&steps[0]), "made once free");
}

#[test]
fn a_change_refused_after_a_long_wait_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (id, steps) = saved_setup(dir.path());
    let before = std::fs::read(dir.path().join(format!("{id}.json"))).expect("read");
    let _other = SetupStore::new(dir.path())
        .lock()
        .expect("the other program's lock");
    let started = Instant::now();
    let edit = SetupEdit::Mark {
        step: steps[0],
        done: true,
    };
    let Err(err) = wizard(dir.path()).edit(&id, edit) else {
        panic!("the edit went ahead while another program held the lock");
    };
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.code, ErrorCode::DataFolderBusy);
    assert!(
        err.message.starts_with(
            "Another ECA Setup Assistant (a second window or eca-setup-cli) has been changing the same saved files for over 5 seconds, so this change was not made"
        ),
        "{}",
        err.message
    );
    assert!(err.hint.ends_with("then try again."), "{}", err.hint);
    assert_eq!(
        std::fs::read(dir.path().join(format!("{id}.json"))).expect("read"),
        before,
        "the setup is as it was"
    );
}

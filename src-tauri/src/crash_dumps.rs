//! No core dump of this process. The release build aborts on a panic (`panic = "abort"`), and
//! a dump written then would hold whatever secret was in memory: a Consumer Secret being saved
//! or verified, a token. On Linux the process is made not dumpable (`PR_SET_DUMPABLE` 0, which
//! also keeps other programs of the same user from attaching to it or reading its memory
//! through /proc) and its core size limit is 0, which systemd-coredump and apport honour when
//! the kernel pipes a dump to them; on macOS the core size limit is 0.
//!
//! Windows writes no dump of a crashed app unless Windows Error Reporting is set to keep local
//! dumps (`LocalDumps` in the registry); leaving the app out of that takes
//! `WerAddExcludedApplication`, an unsafe Win32 call; the workspace keeps unsafe code to the
//! loopback listener's one socket option, and `LocalDumps` is off unless an administrator turns
//! it on, so nothing is done there.

/// Turns core dumps off for the rest of the process's life; what could not be turned off is
/// for the support log.
#[cfg(unix)]
pub fn turn_off() -> std::io::Result<()> {
    use rustix::process::{setrlimit, Resource, Rlimit};
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    let none = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    setrlimit(Resource::Core, none)?;
    Ok(())
}

#[cfg(not(unix))]
pub fn turn_off() -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use rustix::process::{getrlimit, Resource};

    #[test]
    fn after_turning_off_the_process_writes_no_core_and_cannot_be_dumped() {
        super::turn_off().expect("core dumps turn off");
        let limit = getrlimit(Resource::Core);
        assert_eq!(limit.current, Some(0), "the core size limit is 0");
        assert_eq!(limit.maximum, Some(0), "and cannot be raised again");
        #[cfg(target_os = "linux")]
        assert_eq!(
            rustix::process::dumpable_behavior().expect("PR_GET_DUMPABLE"),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}

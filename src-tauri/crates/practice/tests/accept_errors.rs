//! An accept error that lasts (no file descriptor left for the next connection, which then
//! waits in the system's queue) must not spin the CPU: the practice org pauses before it
//! accepts again, and serves the connection once descriptors are free. Alone in its file: the
//! descriptor limit is the whole process's.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
use rustix::time::{clock_gettime, ClockId};

fn cpu_time() -> Duration {
    let now = clock_gettime(ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).expect("positive"),
        u32::try_from(now.tv_nsec).expect("in range"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accept_error_pauses_instead_of_spinning_and_the_connection_is_served_after() {
    let org = eca_practice::start(common::config(&[]), None)
        .await
        .expect("the practice org starts");
    let port = org.port();
    let limit = getrlimit(Resource::Nofile);
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(limit.current.unwrap_or(512).min(512)),
            maximum: limit.maximum,
        },
    )
    .expect("a lower limit");
    let mut fillers = Vec::new();
    while let Ok(file) = std::fs::File::open("/dev/null") {
        fillers.push(file);
    }
    fillers.pop();
    let client = std::net::TcpStream::connect(("127.0.0.1", port));
    let started = cpu_time();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let used = cpu_time() - started;
    drop(fillers);
    setrlimit(Resource::Nofile, limit).expect("the limit back");
    let mut client = client.expect("the connection waits in the queue");
    assert!(
        used < Duration::from_millis(300),
        "the org spun on its accept error: {used:?} of CPU in one second"
    );
    let answered = tokio::task::spawn_blocking(move || {
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        write!(
            client,
            "GET /services/data HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .expect("sent");
        let mut answer = String::new();
        client.read_to_string(&mut answer).expect("an answer");
        answer
    })
    .await
    .expect("read");
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    org.shutdown().await;
}

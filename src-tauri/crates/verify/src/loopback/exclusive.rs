//! Windows' exclusive address use on the redirect listener's sockets.
//!
//! Without it, another program of the same user can bind the listener's address with
//! `SO_REUSEADDR` and take over its connections: Microsoft, "Using SO_REUSEADDR and
//! SO_EXCLUSIVEADDRUSE",
//! https://learn.microsoft.com/en-us/windows/win32/winsock/using-so-reuseaddr-and-so-exclusiveaddruse
//! ("an application should always set the SO_EXCLUSIVEADDRUSE socket option"). Neither std,
//! tokio nor socket2 offers the option, so this file holds the workspace's only unsafe code:
//! one `setsockopt`, and the `getsockopt` its test reads it back with.
#![allow(unsafe_code)]

use std::io;
use std::os::windows::io::AsRawSocket;

use windows_sys::Win32::Networking::WinSock::{
    setsockopt, WSAGetLastError, SOCKET, SOCKET_ERROR, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
};

/// Sets `SO_EXCLUSIVEADDRUSE` on a socket not yet bound.
pub(super) fn set(socket: &impl AsRawSocket) -> io::Result<()> {
    let on: i32 = 1;
    // SAFETY: the borrow keeps the socket open for the call; the pointer and length describe
    // `on`, an initialised 4-byte BOOL that outlives the call, and Winsock only reads it.
    let result = unsafe {
        setsockopt(
            socket.as_raw_socket() as SOCKET,
            SOL_SOCKET,
            SO_EXCLUSIVEADDRUSE,
            (&on as *const i32).cast(),
            size_of::<i32>() as i32,
        )
    };
    checked(result)
}

/// Whether `SO_EXCLUSIVEADDRUSE` is set on `socket`.
#[cfg(test)]
pub(super) fn is_set(socket: &impl AsRawSocket) -> io::Result<bool> {
    let mut value: i32 = 0;
    let mut len = size_of::<i32>() as i32;
    // SAFETY: the borrow keeps the socket open for the call; the pointer and length describe
    // `value`, a 4-byte buffer Winsock writes at most `len` bytes into, and `len` is updated.
    let result = unsafe {
        windows_sys::Win32::Networking::WinSock::getsockopt(
            socket.as_raw_socket() as SOCKET,
            SOL_SOCKET,
            SO_EXCLUSIVEADDRUSE,
            (&mut value as *mut i32).cast(),
            &mut len,
        )
    };
    checked(result).map(|()| value != 0)
}

fn checked(result: i32) -> io::Result<()> {
    if result == SOCKET_ERROR {
        // SAFETY: reads the calling thread's last Winsock error; no pointers involved.
        return Err(io::Error::from_raw_os_error(unsafe { WSAGetLastError() }));
    }
    Ok(())
}

//! On Linux the page is painted by WebKitGTK's Skia on the CPU instead of through OpenGL.
//!
//! By default WebKitGTK 2.46+ paints its layers with Skia on the GPU (GL textures, a Skia GPU
//! resource cache, GPU worker threads). On a computer without a usable GPU driver (a virtual
//! machine, a remote desktop, and our CI's Xvfb) that GL is Mesa's software rasteriser, whose
//! textures and caches sit in the web process's RAM: after a practice setup the web process held
//! 334 MiB painting on the GPU against 210 MiB painting on the CPU (`bench/memory-profile.mjs`).
//! Our screens are forms and text, which the CPU paints as fast; compositing stays on, so
//! scrolling is unchanged. `WEBKIT_DISABLE_COMPOSITING_MODE` would save more but WebKitWebDriver's
//! screenshots never return under it, and the end-to-end tests need them.
//!
//! WebKit reads the variable once, when the web process starts (`WebProcessGLib.cpp`:
//! `WEBKIT_SKIA_ENABLE_CPU_RENDERING` turns off accelerated buffers; `SkiaPaintingEngine.cpp`
//! then keeps a CPU-only worker pool), so it is set before the window exists. A value the user
//! set is kept: `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0` restores GPU painting.

const VARIABLE: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Called first in `main`, while the process has one thread, so no other thread reads the
/// environment while it changes.
pub fn prefer() {
    if cfg!(target_os = "linux") && std::env::var_os(VARIABLE).is_none() {
        std::env::set_var(VARIABLE, "1");
    }
}

//! How WebKitGTK runs our page on Linux: painted on the CPU, JavaScript without a JIT. On a
//! computer without a GPU driver they take what a practice setup leaves in the web process
//! (`bench/memory-profile.mjs`, under Xvfb) from 334 MiB to 210 MiB (CPU painting) and then to
//! 197 MiB (no JIT), and the first screen comes no later (`scripts/bench.sh`).
//!
//! - **Painting.** WebKitGTK 2.46+ paints layers with Skia on the GPU. Without a usable GPU
//!   driver (a virtual machine, a remote desktop, our CI) that GPU is Mesa's software
//!   rasteriser, whose textures and caches sit in RAM. Our screens are forms and text, which
//!   the CPU paints as fast; compositing stays on, so scrolling is unchanged.
//!   (`WEBKIT_DISABLE_COMPOSITING_MODE` would save more, but WebKitWebDriver's screenshots never
//!   return under it, and the end-to-end tests need them.) Source: WebKit's
//!   `WebProcessGLib.cpp`, where the variable turns off accelerated buffers, and
//!   `SkiaPaintingEngine.cpp`, which then paints with a CPU-only worker pool.
//! - **JavaScript.** JavaScriptCore reads `JSC_<option>` from the environment
//!   (`runtime/Options.cpp`); with `useJIT` off it runs our bundle in its interpreter and keeps
//!   no machine code. The UI is event handlers over small forms, and a page that handles
//!   Consumer Secrets gains from having no writable-then-executable code, the reason Apple's
//!   Lockdown Mode turns the JIT off.
//!
//! WebKit reads each variable once, when its web process starts, so they are set before the
//! window exists. A value the user set is kept (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=0`,
//! `JSC_useJIT=1` restore WebKit's defaults).

const CHOICES: [(&str, &str); 2] = [
    ("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1"),
    ("JSC_useJIT", "0"),
];

/// Called first in `main`, while the process has one thread, so no other thread reads the
/// environment while it changes.
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    for (variable, value) in CHOICES {
        if std::env::var_os(variable).is_none() {
            std::env::set_var(variable, value);
        }
    }
}

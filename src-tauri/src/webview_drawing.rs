//! How the window's web view draws on Linux: without accelerated compositing. WebKitGTK
//! composites with OpenGL by default; where there is no GPU driver (a virtual machine, a remote
//! desktop, Xvfb) that is Mesa's software renderer, whose layer tiles held about 130 MiB in the
//! web process after one practice setup and 70 MiB at rest (bench/memory-profile.mjs). The app's
//! pages have no WebGL, 3D transform, video or animation that compositing would speed up.

use tauri::Manager;
use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};

/// Runs on the event loop's first turn, before the web process lays out the page.
pub fn without_compositing(app: &tauri::App) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let _ = window.with_webview(|webview| {
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

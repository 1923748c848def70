import { render } from "preact";
import { App, askFirst } from "./components/App";

// The marks let bench/startup-profile.mjs read where the first screen's time goes, on the
// webview's own clock: the bundle evaluated, the first screen's data in, the screen rendered.
performance.mark("eca:script");

// The first screen's data is asked for as the script loads, and the first render is that screen:
// index.html's "Loading…" stays up meanwhile, with no empty frame and no second render.
const root = document.getElementById("app");
if (root) {
  void askFirst().then((first) => {
    performance.mark("eca:first-data");
    root.textContent = "";
    render(<App first={first} />, root);
    performance.mark("eca:rendered");
  });
}

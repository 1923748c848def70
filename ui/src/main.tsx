import { render } from "preact";
import { App, askFirst } from "./components/App";

// The first screen's data is asked for as the script loads, and the first render is that screen:
// index.html's "Loading…" stays up meanwhile, with no empty frame and no second render.
const root = document.getElementById("app");
if (root) {
  void askFirst().then((first) => {
    root.textContent = "";
    render(<App first={first} />, root);
  });
}

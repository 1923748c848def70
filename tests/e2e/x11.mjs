// Closes a window the way a window manager does when its × is clicked: a WM_DELETE_WINDOW
// message (ICCCM 4.2.8.1). Under Xvfb there is no window manager to send it, and xdotool's
// windowclose destroys the window instead, which is not how an admin quits. Speaks the X11
// protocol over the display's socket, authenticated with the display's xauth cookie.
import { execFileSync, spawnSync } from "node:child_process";
import net from "node:net";

/** The app's own top-level window: the one called "ECA Setup Assistant" whose process is the app. */
export function appWindow() {
  const title = "ECA Setup Assistant";
  const ids = execFileSync("xdotool", ["search", "--name", `^${title}$`], { encoding: "utf8" }).trim().split("\n");
  for (const id of ids) {
    const pid = spawnSync("xdotool", ["getwindowpid", id], { encoding: "utf8" }).stdout.trim();
    if (pid) return { id: Number(id), pid: Number(pid) };
  }
  throw new Error(`no window called “${title}” with a process`);
}

/** Asks the window `id` (a number, as xdotool prints it) to close, and waits until X has it. */
export async function closeWindow(id) {
  const display = /:(\d+)/.exec(process.env.DISPLAY ?? "")?.[1];
  if (!display) throw new Error("DISPLAY names no local X display");
  const x = await connect(`/tmp/.X11-unix/X${display}`, cookie());
  try {
    const protocols = await x.internAtom("WM_PROTOCOLS");
    const deleteWindow = await x.internAtom("WM_DELETE_WINDOW");
    // SendEvent: a ClientMessage of format 32 whose first word names the protocol.
    const event = Buffer.alloc(32);
    event.writeUInt8(33, 0); // ClientMessage
    event.writeUInt8(32, 1);
    event.writeUInt32LE(id, 4);
    event.writeUInt32LE(protocols, 8);
    event.writeUInt32LE(deleteWindow, 12);
    event.writeUInt32LE(0, 16); // CurrentTime
    const request = Buffer.alloc(12);
    request.writeUInt8(25, 0); // SendEvent, not propagated
    request.writeUInt16LE(11, 2);
    request.writeUInt32LE(id, 4);
    request.writeUInt32LE(0, 8); // no event mask: to the window's owner
    x.send(Buffer.concat([request, event]));
    // A round trip: once its reply is in, the server has handled the SendEvent (or said why not).
    await x.internAtom("WM_PROTOCOLS");
  } finally {
    x.close();
  }
}

/** The display's MIT-MAGIC-COOKIE-1, from xauth (xvfb-run writes one per server). */
function cookie() {
  const line = execFileSync("xauth", ["list", process.env.DISPLAY], { encoding: "utf8" })
    .split("\n")
    .find((entry) => entry.includes("MIT-MAGIC-COOKIE-1"));
  return line ? Buffer.from(line.trim().split(/\s+/)[2], "hex") : Buffer.alloc(0);
}

async function connect(socketPath, magic) {
  const socket = net.createConnection(socketPath);
  let pending = Buffer.alloc(0);
  let waiting = null;
  const take = (length) =>
    new Promise((resolve, reject) => {
      waiting = { length, resolve, reject };
      drain();
    });
  const drain = () => {
    if (waiting && pending.length >= waiting.length) {
      const { length, resolve } = waiting;
      waiting = null;
      const chunk = pending.subarray(0, length);
      pending = pending.subarray(length);
      resolve(chunk);
    }
  };
  socket.on("data", (data) => {
    pending = Buffer.concat([pending, data]);
    drain();
  });
  socket.on("error", (err) => waiting?.reject(err));
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));

  const name = Buffer.from(magic.length ? "MIT-MAGIC-COOKIE-1" : "");
  const setup = Buffer.alloc(12);
  setup.write("l", 0); // little-endian
  setup.writeUInt16LE(11, 2);
  setup.writeUInt16LE(name.length, 6);
  setup.writeUInt16LE(magic.length, 8);
  socket.write(Buffer.concat([setup, padded(name), padded(magic)]));
  const head = await take(8);
  const rest = await take(head.readUInt16LE(6) * 4);
  if (head[0] !== 1) throw new Error(`the X server refused the connection: ${rest.toString("latin1").trim()}`);

  return {
    send: (request) => socket.write(request),
    async internAtom(atom) {
      const text = padded(Buffer.from(atom));
      const request = Buffer.alloc(8);
      request.writeUInt8(16, 0); // InternAtom, created if missing
      request.writeUInt16LE(2 + text.length / 4, 2);
      request.writeUInt16LE(atom.length, 4);
      socket.write(Buffer.concat([request, text]));
      // Replies and errors are 32 bytes; an error (first byte 0) answers a bad SendEvent too.
      const reply = await take(32);
      if (reply[0] === 0) throw new Error(`X error ${reply[1]} on request ${reply[10]}`);
      return reply.readUInt32LE(8);
    },
    close: () => socket.destroy(),
  };
}

function padded(bytes) {
  return Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
}

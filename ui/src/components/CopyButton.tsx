import { useState } from "preact/hooks";

/** Puts a value on the clipboard and says so, visibly and to screen readers. */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  const copy = async () => {
    const ok = await writeClipboard(text);
    setState(ok ? "copied" : "failed");
    window.setTimeout(() => setState("idle"), 2000);
  };

  return (
    <>
      <button type="button" class="slds-button slds-button_neutral button button--small copy-button" onClick={copy}>
        {state === "copied" ? "✓ Copied" : "Copy"}
        <span class="visually-hidden"> {what}</span>
      </button>
      <span class="visually-hidden" role="status">
        {state === "copied" ? `${what} copied` : state === "failed" ? `Could not copy ${what}; select it instead` : ""}
      </span>
    </>
  );
}

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // WebKitGTK may refuse the async clipboard; the selection-based copy still works there.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

import type { SetAside } from "../bindings/SetAside";

/** Saved files that could not be read: where they went, so nothing disappears unexplained. */
export function SetAsideNotice({ files, onDismiss }: { files: SetAside[]; onDismiss: () => void }) {
  return (
    <div class="banner banner--warning banner--wide" role="status">
      <span class="banner__icon" aria-hidden="true">!</span>
      <div class="banner__text">
        {files.map((file) => (
          <p key={file.moved_to}>
            <strong>A saved setup could not be opened because {file.reason}.</strong> It was moved to{" "}
            <code>{file.moved_to}</code>, so nothing is lost; your other setups are fine.
          </p>
        ))}
      </div>
      <button type="button" class="button button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

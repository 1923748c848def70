import { useState } from "preact/hooks";
import type { SetAside } from "../bindings/SetAside";

/** Saved files that could not be read: what happened and what is safe in words; why, and where
 *  the copy went, behind Details, so nothing disappears unexplained. */
export function SetAsideNotice({ files, onDismiss }: { files: SetAside[]; onDismiss: () => void }) {
  const [details, setDetails] = useState(false);
  return (
    <div class="slds-notify slds-notify_alert slds-alert_warning banner banner--warning banner--wide" role="status">
      <span class="banner__icon" aria-hidden="true">!</span>
      <div class="banner__text">
        <p>
          <strong>
            {files.length === 1
              ? "A saved setup could not be opened."
              : `${files.length} saved setups could not be opened.`}
          </strong>{" "}
          {files.every((file) => file.moved_to !== file.file)
            ? `A copy of ${files.length === 1 ? "it" : "each"} was kept on this computer, so nothing is lost, and your other setups are fine to use.`
            : "Nothing was deleted, and your other setups are fine to use."}{" "}
          <button
            type="button"
            class="button button--link"
            id="set-aside-details-toggle"
            aria-expanded={details}
            aria-controls="set-aside-details"
            onClick={() => setDetails(!details)}
          >
            {details ? "Hide details" : "Details"}
          </button>
        </p>
        {details && (
          <ul id="set-aside-details" class="banner__details">
            {files.map((file) => (
              <li key={file.moved_to}>
                {file.moved_to === file.file ? (
                  <>
                    <code>{file.file}</code>: {file.reason}.
                  </>
                ) : (
                  <>
                    It could not be read because {file.reason}. The copy is at <code>{file.moved_to}</code>.
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" class="slds-button button button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

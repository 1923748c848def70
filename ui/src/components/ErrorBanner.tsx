import type { UiError } from "../bindings/UiError";

/** A failure as a person reads it: what happened, then what to do. */
export function ErrorBanner({ error, onDismiss }: { error: UiError; onDismiss: () => void }) {
  return (
    <div class="slds-notify slds-notify_alert slds-alert_error banner banner--error" role="alert">
      <span class="banner__icon" aria-hidden="true">!</span>
      <div class="banner__text">
        <strong>{error.message}</strong> <span>{error.hint}</span>
      </div>
      <button type="button" class="slds-button button button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

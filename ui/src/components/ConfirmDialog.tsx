import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

type Props = {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
};

/** A modal question. Escape cancels (the native dialog's behaviour); focus starts on Cancel. */
export function ConfirmDialog({ title, confirmLabel, danger, onConfirm, onCancel, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const modal = dialog.current;
    modal?.showModal();
    cancel.current?.focus();
    // While the modal is open the page behind it is inert and cannot take the focus back.
    return () => {
      modal?.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div id="dialog-body" class="dialog__body">{children}</div>
      <div class="dialog__actions">
        <button type="button" class="slds-button slds-button_neutral button" ref={cancel} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class={danger ? "slds-button slds-button_destructive button button--danger" : "slds-button slds-button_brand button button--brand"} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

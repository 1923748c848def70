type Props = {
  breadcrumb: string[];
  link?: string;
  quickFind: string;
  onOpen: (url: string) => void;
};

/** Where a screen is in Salesforce Setup: the path, the button that opens it, and the Quick Find
 *  words for when the link does not open it. */
export function WhereInSetup({ breadcrumb, link, quickFind, onOpen }: Props) {
  return (
    <>
      <ol class="breadcrumb" aria-label="Where this is in Salesforce">
        {breadcrumb.map((crumb, i) => (
          <li key={i}>{crumb}</li>
        ))}
      </ol>
      <div class="step__open">
        {link ? (
          <>
            <button type="button" id="open-in-salesforce" class="slds-button slds-button_neutral button" onClick={() => onOpen(link)}>
              Open in Salesforce ↗
            </button>
            <span class="muted step__fallback">
              If the page does not open, type <kbd>{quickFind}</kbd> in Setup's Quick Find box.
            </span>
          </>
        ) : (
          <span class="muted">
            In Setup, type <kbd>{quickFind}</kbd> in the Quick Find box.
          </span>
        )}
      </div>
    </>
  );
}

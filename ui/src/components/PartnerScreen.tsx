import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { CredentialPart } from "../bindings/CredentialPart";
import type { PartnerEntry } from "../bindings/PartnerEntry";
import type { PartnerSheet } from "../bindings/PartnerSheet";
import { CopyButton } from "./CopyButton";

/** The saved connection the Copy buttons read from; its key is known here only masked. */
type Held = { name: string; maskedKey: string | null } | null;

type Props = {
  sheet: PartnerSheet;
  connection: Held;
  onBack: () => void;
  onNext: () => void;
  onError: (err: unknown) => void;
};

/** What to type into the partner's own form, in its order and wording, with Copy buttons. */
export function PartnerScreen({ sheet, connection, onBack, onNext, onError }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="partner-title" class="partner">
      <h2 id="partner-title" tabIndex={-1} ref={heading}>
        At the partner: {sheet.place}
      </h2>
      {sheet.before.length > 0 ? (
        <ol class="instructions">
          {sheet.before.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      ) : (
        <p class="muted">
          The guide does not say where in {sheet.place} these go; its documentation or your contact there will.
        </p>
      )}

      <div class="sf-page partner-form" aria-label={`The form in ${sheet.place}, filled in`}>
        <div class="sf-section__body">
          {sheet.fields.map((entry) => (
            <EntryRow entry={entry} connection={connection} onError={onError} key={entry.label} />
          ))}
        </div>
      </div>
      {!connection && (
        <p class="callout callout--warning">
          Save the Consumer Key and Secret first: the Copy buttons take them from the keychain.
        </p>
      )}

      {sheet.after.length > 0 && (
        <>
          <h3>Then</h3>
          <ol class="instructions">
            {sheet.after.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </>
      )}
      {sheet.notes.map((note, i) => (
        <p class="callout" key={i}>
          <strong>Tip: </strong>
          {note}
        </p>
      ))}

      {sheet.webhook && (
        <section class="webhook" aria-labelledby="webhook-title">
          <h3 id="webhook-title">For this sandbox: the token webhook</h3>
          <p>{sheet.webhook.intro}</p>
          {sheet.webhook.warnings.map((warning, i) => (
            <p class="callout callout--warning" key={i}>
              <strong>Legacy flow: </strong>
              {warning}
            </p>
          ))}
          <div class="sf-page">
            <div class="sf-section__body">
              <EntryRow
                entry={{ label: "Method", value: { type: "text", text: sheet.webhook.method }, help: "" }}
                connection={connection}
                onError={onError}
              />
              <EntryRow
                entry={{ label: "URL", value: { type: "text", text: sheet.webhook.url }, help: "" }}
                connection={connection}
                onError={onError}
              />
            </div>
          </div>
          {(
            [
              ["Headers", sheet.webhook.headers],
              ["Query parameters", sheet.webhook.params],
              ["Response mapping", sheet.webhook.response],
            ] as Array<[string, PartnerEntry[]]>
          ).map(([title, entries]) => (
            <div class="sf-page" key={title} aria-label={title}>
              <h4 class="sf-section__title">{title}</h4>
              <div class="sf-section__body">
                {entries.map((entry) => (
                  <EntryRow entry={entry} connection={connection} onError={onError} key={entry.label} />
                ))}
              </div>
            </div>
          ))}
        </section>
      )}

      <div class="step__nav">
        <button type="button" class="button" onClick={onBack}>
          ← Back
        </button>
        <button type="button" id="partner-next" class="button button--brand" onClick={onNext}>
          Next →
        </button>
      </div>
    </section>
  );
}

function EntryRow({ entry, connection, onError }: { entry: PartnerEntry; connection: Held; onError: (err: unknown) => void }) {
  const { value } = entry;
  return (
    <div class="sf-row" data-partner-field={entry.label}>
      <div class="sf-row__label">{entry.label}</div>
      <div class="sf-row__value">
        <div class="sf-row__control">
          {value.type === "text" && (
            <>
              <span class="sf-input" data-value={value.text}>
                {value.text}
              </span>
              <CopyButton text={value.text} what={entry.label} />
            </>
          )}
          {value.type === "credential" && (
            <CredentialCopy part={value.part} label={entry.label} connection={connection} onError={onError} />
          )}
          {value.type === "yours" && <span class="sf-input sf-input--yours">Type your own</span>}
        </div>
        {entry.help && <p class="source">{entry.help}</p>}
      </div>
    </div>
  );
}

/** The key or secret never reaches this page: the app copies it from the keychain on a click. */
function CredentialCopy({
  part,
  label,
  connection,
  onError,
}: {
  part: CredentialPart;
  label: string;
  connection: Held;
  onError: (err: unknown) => void;
}) {
  const [seconds, setSeconds] = useState<number | null>(null);
  const copy = async () => {
    if (!connection) return;
    try {
      setSeconds(await api.copyCredential(connection.name, part));
    } catch (err) {
      onError(err);
    }
  };
  return (
    <>
      <span class="sf-input sf-input--hidden">{part === "consumer_secret" ? "••••••••••••" : (connection?.maskedKey ?? "Kept in the keychain")}</span>
      <button type="button" class="button button--small" data-copy-credential={part} disabled={!connection} onClick={copy}>
        Copy {label}
      </button>
      <span role="status" class="copy-note" id={`copied-${part}`}>
        {seconds !== null && `${label} copied. The clipboard is cleared in ${seconds} seconds.`}
      </span>
    </>
  );
}

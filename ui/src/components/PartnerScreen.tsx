import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import type { CredentialPart } from "../bindings/CredentialPart";
import type { Fact } from "../bindings/Fact";
import type { PartnerEntry } from "../bindings/PartnerEntry";
import type { PartnerSheet } from "../bindings/PartnerSheet";
import type { Profile } from "../bindings/Profile";
import type { Screen } from "../bindings/Screen";
import type { SetupEdit } from "../bindings/SetupEdit";
import type { SetupView } from "../bindings/SetupView";
import type { Webhook } from "../bindings/Webhook";
import { around, titleOf } from "../screens";
import { CopyButton } from "./CopyButton";
import { FactList } from "./FactList";
import { RecipeChoice } from "./RecipeChoice";
import { StepNav } from "./StepNav";
import { keychain } from "../keychain";
import { when } from "../dates";

/** The saved connection the Copy buttons read from; its key is known here only masked. */
type Held = { name: string; maskedKey: string | null } | null;

type Props = {
  sheet: PartnerSheet;
  view: SetupView;
  profile: Profile;
  connection: Held;
  /** A move from a connected app: whether the partner needs the new key and secret, said first. */
  lead?: Fact[];
  edit: (change: SetupEdit) => Promise<SetupView | null>;
  onGo: (screen: Screen) => void;
  onBack: () => void;
  onNext: () => void;
  onError: (err: unknown) => void;
};

/** What to type into the partner's own form, in its order and wording, with Copy buttons. */
export function PartnerScreen({ sheet, view, profile, connection, lead = [], edit, onGo, onBack, onNext, onError }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="partner-title" class="partner">
      <h2 id="partner-title" tabIndex={-1} ref={heading}>
        {titleOf(view, "partner")}
      </h2>
      {lead.length > 0 && (
        <div class="callout callout--info partner-lead" id="partner-lead">
          <FactList facts={lead} label="What the partner needs after the move" onOpen={(url) => void api.openLink(view.setup.id, url).catch(onError)} />
        </div>
      )}
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
          Save the Consumer Key and Secret first: the Copy buttons take them from {keychain()}.
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

      {sheet.webhooks.length > 0 && (
        <section class="webhook" aria-labelledby="webhook-title">
          <h3 id="webhook-title">For this sandbox: the token webhook</h3>
          {sheet.webhooks.map((hook, index) => (
            <WebhookRecipe
              key={hook.title}
              index={index}
              hook={hook}
              connection={connection}
              onError={onError}
              choice={
                hook.option && (
                  <RecipeChoice
                    option={hook.option}
                    profile={profile}
                    inputs={view.setup.inputs}
                    issues={view.issues}
                    view={view}
                    edit={edit}
                    onGo={onGo}
                  />
                )
              }
            />
          ))}
        </section>
      )}

      <PartnerConfirm
        sheet={sheet}
        view={view}
        saved={connection !== null}
        edit={edit}
        onGo={onGo}
        onBack={onBack}
        onNext={onNext}
      />
    </section>
  );
}

/** The screen's one action: the admin says the values are in the partner's form, which is what
 *  lets the setup be done (and a migration's cleanup open); a quiet skip moves on without it. */
function PartnerConfirm({
  sheet,
  view,
  saved,
  edit,
  onGo,
  onBack,
  onNext,
}: {
  sheet: PartnerSheet;
  view: SetupView;
  saved: boolean;
  edit: (change: SetupEdit) => Promise<SetupView | null>;
  onGo: (screen: Screen) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const confirmed = view.setup.partner_confirmed_at;
  const confirm = async () => {
    if (confirmed) return onNext();
    const updated = await edit({ kind: "confirm_partner", done: true });
    if (!updated) return;
    // Confirming can open a screen that was locked (a migration's cleanup): move on by the
    // list as it is now.
    const next = around(updated).next;
    if (next) onGo(next);
  };
  return (
    <>
      {confirmed && (
        <p class="confirmed" id="partner-confirmed">
          ✓ You entered these in {sheet.place} ({when(confirmed)}).{" "}
          <button type="button" class="button button--link" onClick={() => void edit({ kind: "confirm_partner", done: false })}>
            Not yet after all
          </button>
        </p>
      )}
      <StepNav
        onBack={onBack}
        nextId="partner-next"
        nextLabel={confirmed ? "Next →" : "I entered these values — next"}
        nextDisabled={!confirmed && !saved}
        onNext={() => void confirm()}
      >
        {!confirmed && (
          <button type="button" id="partner-skip" class="slds-button button button--quiet" onClick={onNext}>
            Skip for now
          </button>
        )}
      </StepNav>
    </>
  );
}

/** One webhook recipe: whether it can work with this app, where it comes from, and every value
 *  to type, with Copy buttons. */
function WebhookRecipe({
  index,
  hook,
  connection,
  choice,
  onError,
}: {
  index: number;
  hook: Webhook;
  connection: Held;
  choice: preact.ComponentChildren;
  onError: (err: unknown) => void;
}) {
  const title = `webhook-${index}-title`;
  return (
    <section
      class={`recipe ${hook.works_with_eca ? "recipe--works" : "recipe--legacy"}`}
      aria-labelledby={title}
      data-recipe={hook.works_with_eca ? "works-with-eca" : "legacy"}
    >
      <h4 id={title} class="recipe__title">
        {hook.title}{" "}
        {hook.works_with_eca ? (
          <span class="slds-badge badge badge--works">Works with this External Client App</span>
        ) : (
          <span class="slds-badge badge badge--warning">Needs an older connected app</span>
        )}
      </h4>
      <p>{hook.intro}</p>
      <p class="source">
        {hook.from === "recommended"
          ? "Not in the partner's guide: recommended by ECA Setup Assistant."
          : `From guide ${hook.from}.`}
      </p>
      {hook.warnings.map((warning, i) => (
        <p class="callout callout--warning" key={i}>
          <strong>Legacy flow: </strong>
          {warning}
        </p>
      ))}
      {choice}
      <div class="sf-page">
        <div class="sf-section__body">
          <EntryRow
            entry={{ label: "Method", value: { type: "text", text: hook.method }, help: "" }}
            connection={connection}
            onError={onError}
          />
          <EntryRow
            entry={{ label: "URL", value: { type: "text", text: hook.url }, help: "" }}
            connection={connection}
            onError={onError}
          />
        </div>
      </div>
      {(
        [
          ["Headers", hook.headers],
          ["Query parameters", hook.params],
          ["Response mapping", hook.response],
        ] as Array<[string, PartnerEntry[]]>
      ).map(([heading, entries]) => (
        <div class="sf-page" key={heading} aria-label={`${heading} (${hook.title})`}>
          <h5 class="sf-section__title">{heading}</h5>
          <div class="sf-section__body">
            {entries.map((entry) => (
              <EntryRow entry={entry} connection={connection} scope={`webhook-${index}`} onError={onError} key={entry.label} />
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}

/** `scope` keeps ids unique when a key or secret appears in more than one place. */
function EntryRow({
  entry,
  connection,
  scope,
  onError,
}: {
  entry: PartnerEntry;
  connection: Held;
  scope?: string;
  onError: (err: unknown) => void;
}) {
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
            <CredentialCopy
              part={value.part}
              label={entry.label}
              connection={connection}
              status={scope ? `${scope}-copied-${value.part}` : `copied-${value.part}`}
              onError={onError}
            />
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
  status,
  onError,
}: {
  part: CredentialPart;
  label: string;
  connection: Held;
  /** The id of the line that says the value was copied. */
  status: string;
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
      <span class="sf-input sf-input--hidden">{part === "consumer_secret" ? "••••••••••••" : (connection?.maskedKey ?? `Kept in ${keychain()}`)}</span>
      <button type="button" class="slds-button slds-button_neutral button button--small" data-copy-credential={part} disabled={!connection} onClick={copy}>
        Copy {label}
      </button>
      <span role="status" class="copy-note" id={status}>
        {seconds !== null && `${label} copied. The clipboard is cleared in ${seconds} seconds.`}
      </span>
    </>
  );
}

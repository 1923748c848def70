import { useEffect, useRef, useState } from "preact/hooks";
import type { Profile } from "../bindings/Profile";
import type { Rehearsal } from "../bindings/Rehearsal";

/** What the picked integration starts: a new app, or a move from its connected app (in practice,
 *  with the connected app the practice org plays). */
export type Start = { kind: "new" } | { kind: "migration"; rehearsal: Rehearsal };

type Props = {
  profiles: Profile[];
  practice: boolean;
  /** Whether the home screen's "I already have a Connected App" opened the picker. */
  migration: boolean;
  onPick: (id: string, start: Start) => void;
  onCancel: () => void;
};

export function IntegrationPicker({ profiles, practice, migration, onPick, onCancel }: Props) {
  const [moving, setMoving] = useState(migration);
  const [rehearsal, setRehearsal] = useState<Rehearsal>({ local: true, password_flow: false, key_kept: true });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const title = practice
    ? moving
      ? "Which partner's move do you want to practise?"
      : "Which partner do you want to practise?"
    : moving
      ? "Which partner's integration runs on the connected app?"
      : "Which partner is this app for?";
  // The partners' integrations; ECA Setup Assistant's own app is set up where it connects to the org.
  const partners = profiles.filter((profile) => profile.kind === "partner");
  const pick = (id: string) => onPick(id, moving ? { kind: "migration", rehearsal } : { kind: "new" });
  const rehearse = (field: keyof Rehearsal, on: boolean) => setRehearsal((r) => ({ ...r, [field]: on }));

  return (
    <section aria-labelledby="pick-title">
      <h1 id="pick-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <fieldset class="start-kind">
        <legend>What do you want to do?</legend>
        <label class="check">
          <input type="radio" name="start-kind" id="start-kind-new" checked={!moving} onChange={() => setMoving(false)} />
          <span>Set up a new External Client App</span>
        </label>
        <label class="check">
          <input
            type="radio"
            name="start-kind"
            id="start-kind-migration"
            checked={moving}
            aria-describedby="start-kind-migration-help"
            onChange={() => setMoving(true)}
          />
          <span>I already have a connected app for this integration</span>
        </label>
        <p class="form-field__help" id="start-kind-migration-help">
          Move the integration to an External Client App: find the connected app it uses, choose how to move it, and
          clean it up once the new connection has passed its test.
        </p>
      </fieldset>
      {practice && moving && (
        <fieldset class="rehearsal">
          <legend>The connected app the practice org starts with</legend>
          <RehearsalBox
            id="rehearsal-local"
            label="It was created in the practice org (local)"
            help="Uncheck to rehearse an app installed from a package: App Manager then offers no Migrate button."
            checked={rehearsal.local}
            onChange={(on) => rehearse("local", on)}
          />
          <RehearsalBox
            id="rehearsal-password-flow"
            label="The integration signs in with a username and password"
            help="Check to rehearse an integration on the username-password flow, which no External Client App accepts."
            checked={rehearsal.password_flow}
            onChange={(on) => rehearse("password_flow", on)}
          />
          <RehearsalBox
            id="rehearsal-key-kept"
            label="Migrating in place keeps its Consumer Key"
            help="Uncheck to rehearse a migration that gives the app a new key: the partner then needs the new key and secret."
            checked={rehearsal.key_kept}
            onChange={(on) => rehearse("key_kept", on)}
          />
        </fieldset>
      )}
      <p class="muted">
        Each choice follows that partner's own setup guide, value for value.
        {practice && " The practice org on this computer is set up the way the guide asks."}
      </p>
      <ul class="profile-grid">
        {partners.map((profile) => (
          <li key={profile.id}>
            <button
              type="button"
              class="profile-card"
              data-profile={profile.id}
              onClick={() => pick(profile.id)}
              aria-describedby={`profile-${profile.id}-summary`}
            >
              <span class="profile-card__name">{profile.name}</span>
              <span class="profile-card__summary" id={`profile-${profile.id}-summary`}>
                {profile.summary}
              </span>
              <span class="profile-card__source">
                {profile.guides.length > 0
                  ? `Follows: ${profile.guides.map((g) => g.title).join("; ")}`
                  : "You choose every setting"}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="slds-button slds-button_neutral button" onClick={onCancel}>
        ← All setups
      </button>
    </section>
  );
}

type BoxProps = { id: string; label: string; help: string; checked: boolean; onChange: (on: boolean) => void };

function RehearsalBox({ id, label, help, checked, onChange }: BoxProps) {
  return (
    <div class="rehearsal__box">
      <label class="check">
        <input
          type="checkbox"
          id={id}
          checked={checked}
          aria-describedby={`${id}-help`}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      <p class="form-field__help" id={`${id}-help`}>
        {help}
      </p>
    </div>
  );
}

import { useEffect, useRef } from "preact/hooks";
import type { Profile } from "../bindings/Profile";

type Props = { profiles: Profile[]; practice: boolean; onPick: (id: string) => void; onCancel: () => void };

export function IntegrationPicker({ profiles, practice, onPick, onCancel }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section aria-labelledby="pick-title">
      <h1 id="pick-title" tabIndex={-1} ref={heading}>
        {practice ? "Which partner do you want to practise?" : "Which partner is this app for?"}
      </h1>
      <p class="muted">
        Each choice follows that partner's own setup guide, value for value.
        {practice && " The practice org on this computer is set up the way the guide asks."}
      </p>
      <ul class="profile-grid">
        {profiles.map((profile) => (
          <li key={profile.id}>
            <button
              type="button"
              class="profile-card"
              data-profile={profile.id}
              onClick={() => onPick(profile.id)}
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
      <button type="button" class="button" onClick={onCancel}>
        Back to home
      </button>
    </section>
  );
}

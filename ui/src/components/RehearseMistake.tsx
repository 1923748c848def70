import { useEffect, useRef, useState } from "preact/hooks";
import { api, asUiError } from "../api";
import type { PracticeMistake } from "../bindings/PracticeMistake";
import type { PracticeRehearsal } from "../bindings/PracticeRehearsal";

type Props = {
  setupId: string;
  /** A verification is running: the practice org must not restart under it. */
  disabled: boolean;
  /** The practice app changed: an earlier result no longer describes it. */
  onRehearsed: () => void;
  onError: (err: unknown) => void;
};

const LABELS: Record<PracticeMistake, string> = {
  pkce_left_required: "PKCE left required",
  callback_mistyped: "Partner's callback URL mistyped",
};

/** Practice mode only: makes the practice app wrong the way a partner's setup often is. */
export function RehearseMistake({ setupId, disabled, onRehearsed, onError }: Props) {
  const [rehearsal, setRehearsal] = useState<PracticeRehearsal | null>(null);
  const [pending, setPending] = useState<PracticeMistake | "" | null>(null);
  // Only the answer to the last choice is shown; the backend applies them in order.
  const latest = useRef(0);

  useEffect(() => {
    api.practiceRehearsal(setupId).then(setRehearsal).catch(onError);
  }, [setupId]);

  if (!rehearsal || rehearsal.offered.length === 0) return null;

  const choose = async (value: PracticeMistake | "") => {
    const call = ++latest.current;
    setPending(value);
    try {
      const next = await api.rehearseMistake(setupId, value === "" ? null : value);
      if (call === latest.current) setRehearsal(next);
      onRehearsed();
    } catch (err) {
      onError(asUiError(err));
      const now = await api.practiceRehearsal(setupId).catch(() => null);
      if (now && call === latest.current) setRehearsal(now);
    } finally {
      if (call === latest.current) setPending(null);
    }
  };

  const value = pending ?? rehearsal.mistake ?? "";
  return (
    <section class="practice-mistake" aria-labelledby="practice-mistake-title">
      <h3 id="practice-mistake-title">Rehearse a mistake (practice only)</h3>
      <div class="form-field">
        <label for="practice-mistake">Mistake in the practice app</label>
        <select id="practice-mistake" value={value} disabled={disabled} aria-describedby="practice-mistake-changed"
          onChange={(e) => choose(e.currentTarget.value as PracticeMistake | "")}>
          <option value="">None: set up as the guide says</option>
          {rehearsal.offered.map((mistake) => (
            <option value={mistake} key={mistake}>
              {LABELS[mistake]}
            </option>
          ))}
        </select>
      </div>
      <p id="practice-mistake-changed" class="practice-mistake__changed" role="status">
        {pending !== null ? "Starting the practice org again…" : rehearsal.changed}
      </p>
    </section>
  );
}

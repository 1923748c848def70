import type { Step } from "../bindings/Step";

type Props = {
  steps: Step[];
  done: Record<string, string>;
  current: string;
  hasIssues: boolean;
  hasConnection: boolean;
  /** The connection passed a verification. */
  verified: boolean;
  /** Where the partner's form is, when the integration has one. */
  partner: string | null;
  onGo: (id: string) => void;
};

/** The setup's table of contents; every entry is a button, the current one is marked. */
export function StepList({ steps, done, current, hasIssues, hasConnection, verified, partner, onGo }: Props) {
  const entry = (id: string, number: string, title: string, state: string) => (
    <li key={id}>
      <button
        type="button"
        class={`step-link${id === current ? " step-link--current" : ""}`}
        aria-current={id === current ? "step" : undefined}
        data-step-link={id}
        onClick={() => onGo(id)}
      >
        <span class={`step-link__mark step-link__mark--${state}`} aria-hidden="true">
          {state === "done" ? "✓" : state === "issue" ? "!" : number}
        </span>
        <span class="step-link__title">{title}</span>
        <span class="visually-hidden">
          {state === "done" ? " (done)" : state === "issue" ? " (needs fixing)" : ""}
        </span>
      </button>
    </li>
  );

  return (
    <nav class="step-list" aria-label="Setup steps">
      <ol>
        {entry("inputs", "·", "Your org and app", hasIssues ? "issue" : "todo")}
        {steps.map((step, i) => entry(step.id, String(i + 1), step.title, done[step.id] ? "done" : "todo"))}
        {entry("credentials", "•", "Save the key and secret", hasConnection ? "done" : "todo")}
        {entry("verify", "•", "Connect & verify", verified ? "done" : "todo")}
        {partner && entry("partner", "•", `At the partner: ${partner}`, "todo")}
        {entry("finished", "★", "Finish", "todo")}
      </ol>
    </nav>
  );
}

// A person's relationship health: the 0–100 score, the components that count toward it as
// bars with their weights, one line about the weakest part, and the facts about the tie that
// are not part of the score. Bars are sized through the CSSOM (the CSP forbids style
// attributes). The person page loads it (under ["contact", id, "health"]) and passes it in.
import { useLayoutEffect, useRef } from "react";
import type { ContactHealth } from "../bindings";
import { type AppError, describeError } from "../errors";
import { factsText, healthBand, scoredComponents } from "../lib/health";

export function HealthPanel({ health, error }: { health: ContactHealth | null; error: AppError | null }) {
  if (error)
    return (
      <section className="psection health" aria-label="Health">
        <h3>Health</h3>
        <p className="error-text">{describeError(error)}</p>
      </section>
    );
  if (!health) return <section className="psection health" aria-label="Health" aria-busy="true" />;
  const h = health;
  const never = h.daysSinceLast === null;
  return (
    <section className="psection health" aria-label="Health" data-testid="person-health">
      <h3>Health</h3>
      <div className="health-grid">
        {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the score's name for a screen reader; unchanged by the tidy */}
        <div
          className={`health-score ${healthBand(h.health)}`}
          data-testid="health-score"
          aria-label={`Health ${h.health} of 100`}
        >
          <span className="health-number">{h.health}</span>
          <span className="health-of">/ 100</span>
        </div>
        <div className="health-text">
          <p data-testid="health-explanation">{h.explanation}</p>
        </div>
      </div>
      <ul className="health-components" data-testid="health-components">
        {scoredComponents(h).map((c) => (
          <li
            key={c.id}
            className={c.id === h.weakest && !never ? "weakest" : undefined}
            data-testid="health-component"
            data-component={c.id}
          >
            <span className="component-label" data-tip={c.hint}>
              {c.label}
              <span className="component-weight" data-tip="how much it counts in the score">
                {" "}
                {Math.round(h.weights[c.id] * 100)}%
              </span>
            </span>
            <Bar value={h.components[c.id]} label={c.label} />
            <span className="component-value">{Math.round(h.components[c.id] * 100)}</span>
          </li>
        ))}
      </ul>
      <h4 className="health-facts-title">About this tie</h4>
      <ul className="health-facts muted" data-testid="health-facts">
        {factsText(h.facts, h.cadenceDays).map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
    </section>
  );
}

function Bar({ value, label }: { value: number; label: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  useLayoutEffect(() => {
    if (ref.current) ref.current.style.width = `${pct}%`;
  }, [pct]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a <meter> draws its own bar; this one is drawn and sized like the rest of the page
    <span className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <span className="bar-fill" ref={ref} />
    </span>
  );
}

// Today → Upcoming: the calendar events of the next 7 days with people in Kith (read from the
// calendar sources), each with when, what and who; "Brief" opens what to have in mind for
// every person on it: how the tie is doing, the last three interactions, open follow-ups,
// their needs and what of yours fits, interests you share and a date coming up. Loads under
// ["upcoming"]; nothing shows when nothing is coming up.
import { useState } from "react";
import { api } from "../api";
import type { Brief, Upcoming } from "../bindings";
import { formatWhen } from "../lib/dates";
import { KINDS } from "../lib/interactions";
import { useQuery } from "../lib/query";
import { dateText, followUpText, needText, whoText } from "./brief";

export function UpcomingSection({ onOpenPerson }: { onOpenPerson: (id: number) => void }) {
  const query = useQuery<Upcoming[]>(["upcoming"], () => api.upcoming(7));
  const [open, setOpen] = useState<string | null>(null);
  const list = query.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="today-section upcoming" aria-label="Upcoming" data-testid="today-upcoming">
      <h2>
        Upcoming<span className="count">{list.length}</span>
      </h2>
      <ul className="upcoming-list">
        {list.map((u) => (
          <li key={u.key} className="upcoming-item" data-testid="upcoming-item">
            <div className="upcoming-head">
              <span className="upcoming-when">{formatWhen(u.startsAt, u.hasTime)}</span>
              <span className="upcoming-title">{u.title}</span>
              <span className="badge">{KINDS[u.kind].label}</span>
              <button
                type="button"
                className="link"
                aria-expanded={open === u.key}
                onClick={() => setOpen(open === u.key ? null : u.key)}
                data-testid="upcoming-brief-toggle"
              >
                {open === u.key ? "Hide brief" : "Brief"}
              </button>
            </div>
            <div className="muted">with {whoText(u)}</div>
            {open === u.key && (
              <div className="briefs" data-testid="upcoming-briefs">
                {u.people.map((b) => (
                  <BriefCard key={b.contact.id} brief={b} onOpenPerson={onOpenPerson} />
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function BriefCard({ brief: b, onOpenPerson }: { brief: Brief; onOpenPerson: (id: number) => void }) {
  const date = dateText(b);
  return (
    <div className="brief" data-testid="brief">
      <div className="brief-head">
        <button type="button" className="link person-link" onClick={() => onOpenPerson(b.contact.id)}>
          {b.contact.name}
        </button>
        <span className="muted">health {b.health}/100</span>
      </div>
      <p className="muted brief-health">{b.healthLine}</p>
      {b.lastInteractions.length === 0 ? (
        <p className="muted">Nothing logged with them yet.</p>
      ) : (
        <ul className="brief-list" data-testid="brief-last">
          {b.lastInteractions.map((i) => (
            <li key={i.id}>
              <span className="muted">{formatWhen(i.occurredAt, i.hasTime)}</span> · {KINDS[i.kind].label} ·{" "}
              {i.summary.trim() || "(no summary)"}
            </li>
          ))}
        </ul>
      )}
      {(b.followUps.length > 0 || b.needs.length > 0 || b.sharedInterests.length > 0 || date) && (
        <ul className="brief-list" data-testid="brief-facts">
          {b.followUps.map((f) => (
            <li key={`f${f.id}`}>{followUpText(f)}</li>
          ))}
          {b.needs.map((n) => (
            <li key={`n${n.id}`}>{needText(n)}</li>
          ))}
          {b.sharedInterests.length > 0 && <li>You share: {b.sharedInterests.join(", ")}</li>}
          {date && <li>{date}</li>}
        </ul>
      )}
    </div>
  );
}

// Ways to reach someone: emails, phones and links, each with an optional label ("work").
// List, add, remove; each change saves at once. The first email carries `person-email`.
import { type FormEvent, useState } from "react";
import type { Channel, ChannelKind } from "../bindings";
import type { AppError } from "../errors";
import { messageFor } from "../errors";

const KIND: Record<ChannelKind, { label: string; icon: string; placeholder: string }> = {
  email: { label: "Email", icon: "✉", placeholder: "ana@example.com" },
  phone: { label: "Phone", icon: "☎", placeholder: "+34 600 000 000" },
  link: { label: "Link", icon: "↗", placeholder: "example.com/ana" },
};

type Props = {
  channels: Channel[];
  onSave: (update: (channels: Channel[]) => Channel[]) => Promise<AppError | null>;
};

export function Channels({ channels, onSave }: Props) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstEmail = channels.findIndex((c) => c.kind === "email");

  const remove = async (index: number) => {
    const e = await onSave((cs) => cs.filter((_, i) => i !== index));
    setError(e ? messageFor(e, "channels") : null);
  };

  return (
    <div className="psection-row">
      <span className="pfield-label">Reach</span>
      <div className="pfield-body">
        {channels.length === 0 && !adding && <p className="muted">No email, phone or link yet.</p>}
        <ul className="channels">
          {channels.map((c, i) => (
            <li key={`${i}-${c.kind}-${c.value}`} className="channel" data-testid="person-channel">
              <span className="channel-icon" title={KIND[c.kind].label} aria-label={KIND[c.kind].label}>
                {KIND[c.kind].icon}
              </span>
              <span className="channel-value" data-testid={i === firstEmail ? "person-email" : undefined}>
                {c.value}
              </span>
              {c.label && <span className="channel-label">{c.label}</span>}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${c.value}`}
                title="Remove"
                onClick={() => void remove(i)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {error && !adding && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {adding ? (
          <AddChannel
            index={channels.length}
            onSave={onSave}
            onDone={() => {
              setAdding(false);
              setError(null);
            }}
          />
        ) : (
          <button type="button" className="link add-link" data-testid="add-channel" onClick={() => setAdding(true)}>
            + Add email, phone or link
          </button>
        )}
      </div>
    </div>
  );
}

function AddChannel({
  index,
  onSave,
  onDone,
}: {
  index: number;
  onSave: Props["onSave"];
  onDone: () => void;
}) {
  const [kind, setKind] = useState<ChannelKind>("email");
  const [value, setValue] = useState("");
  const [label, setLabel] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (!value.trim()) {
      setError(`Enter the ${KIND[kind].label.toLowerCase()} to add.`);
      return;
    }
    setBusy(true);
    const e = await onSave((cs) => [...cs, { kind, value: value.trim(), label: label.trim() || null }]);
    setBusy(false);
    if (e) setError(messageFor(e, `channels[${index}]`));
    else onDone();
  };

  return (
    <form
      className={`inline-add${error ? " invalid" : ""}`}
      noValidate
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
        {(Object.keys(KIND) as ChannelKind[]).map((k) => (
          <option key={k} value={k}>
            {KIND[k].label}
          </option>
        ))}
      </select>
      <input
        aria-label={KIND[kind].label}
        data-testid="new-channel-value"
        className="grow"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        type={kind === "email" ? "email" : kind === "phone" ? "tel" : "text"}
        placeholder={KIND[kind].placeholder}
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      <input
        aria-label="Label (optional)"
        placeholder="Label, e.g. work"
        autoComplete="off"
        value={label}
        onChange={(e) => setLabel(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy}>
        Add
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

// Ways to reach someone: emails, phones and links, each with an optional label ("work"), as
// an editable list (lib/EditableList): list, add, remove; each change saves at once. The
// first email carries `person-email`.
import { useState } from "react";
import type { Channel, ChannelKind } from "../bindings";
import { AddItemForm, type AddProps, EditableList, type SaveList } from "../lib/EditableList";
import { TextInput } from "../lib/TextInput";

const KIND: Record<ChannelKind, { label: string; icon: string; placeholder: string }> = {
  email: { label: "Email", icon: "✉", placeholder: "ana@example.com" },
  phone: { label: "Phone", icon: "☎", placeholder: "+34 600 000 000" },
  link: { label: "Link", icon: "↗", placeholder: "example.com/ana" },
};

export function Channels({ channels, onSave }: { channels: Channel[]; onSave: SaveList<Channel> }) {
  const firstEmail = channels.findIndex((c) => c.kind === "email");
  return (
    <EditableList
      label="Reach"
      field="channels"
      items={channels}
      empty="No email, phone or link yet."
      listClassName="channels"
      rowClassName="channel"
      rowTestId="person-channel"
      rowKey={(c, i) => `${i}-${c.kind}-${c.value}`}
      renderRow={(c, i) => (
        <>
          {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the icon's name, as its title shows it on hover; unchanged by the tidy */}
          <span className="channel-icon" data-tip={KIND[c.kind].label} aria-label={KIND[c.kind].label}>
            {KIND[c.kind].icon}
          </span>
          <span className="channel-value" data-testid={i === firstEmail ? "person-email" : undefined}>
            {c.value}
          </span>
          {c.label && <span className="channel-label">{c.label}</span>}
        </>
      )}
      itemName={(c) => c.value}
      addText="+ Add email, phone or link"
      addTestId="add-channel"
      renderAdd={(props) => <AddChannel {...props} />}
      onSave={onSave}
    />
  );
}

function AddChannel(props: AddProps<Channel>) {
  const [kind, setKind] = useState<ChannelKind>("email");
  const [value, setValue] = useState("");
  const [label, setLabel] = useState("");

  return (
    <AddItemForm
      {...props}
      toItem={() =>
        value.trim()
          ? { ok: true, item: { kind, value: value.trim(), label: label.trim() || null } }
          : { ok: false, message: `Enter the ${KIND[kind].label.toLowerCase()} to add.` }
      }
    >
      {(invalid) => (
        <>
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
            {(Object.keys(KIND) as ChannelKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND[k].label}
              </option>
            ))}
          </select>
          <TextInput
            aria-label={KIND[kind].label}
            data-testid="new-channel-value"
            className="grow"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            type={kind === "email" ? "email" : kind === "phone" ? "tel" : "text"}
            placeholder={KIND[kind].placeholder}
            value={value}
            aria-invalid={invalid ? true : undefined}
            onChange={setValue}
          />
          <TextInput
            aria-label="Label (optional)"
            placeholder="Label, e.g. work"
            autoComplete="off"
            value={label}
            onChange={setLabel}
          />
        </>
      )}
    </AddItemForm>
  );
}

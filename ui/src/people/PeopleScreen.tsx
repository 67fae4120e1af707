// People: the list on the left, the open person (or the add form) on the right. The App owns
// which person is open, so a search result elsewhere can open one. The list loads again when
// ["contacts"] is invalidated (lib/query), here after an add or a delete. Keyboard: "/" search, ↑/↓ and Enter in the list,
// N adds a person, Esc closes the form.
import { useCallback, useState } from "react";
import { invalidate } from "../lib/query";
import "./people.css";
import { ContactForm } from "./ContactForm";
import { DuplicatesPanel } from "./Duplicates";
import { PeopleList } from "./PeopleList";
import { PersonPage } from "./PersonPage";

export type PeopleScreenProps = {
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onLog: (participants: { id: number; name: string }[]) => void;
};

export function PeopleScreen({ selectedId, onSelect, onLog }: PeopleScreenProps) {
  const [adding, setAdding] = useState(false);
  const [trashed, setTrashed] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState(false);

  const open = useCallback(
    (id: number | null) => {
      setAdding(false);
      setDuplicates(false);
      setTrashed(null);
      onSelect(id);
    },
    [onSelect],
  );

  return (
    <div className="people-screen">
      <PeopleList
        selectedId={adding || duplicates ? null : selectedId}
        onOpen={open}
        onAdd={() => {
          setDuplicates(false);
          setAdding(true);
        }}
        onDuplicates={() => {
          setAdding(false);
          setDuplicates(true);
        }}
      />
      <section
        className="person-pane"
        aria-label={adding ? "Add a person" : duplicates ? "Possible duplicates" : "Person"}
        tabIndex={-1}
      >
        {duplicates ? (
          <DuplicatesPanel onClose={() => setDuplicates(false)} />
        ) : adding ? (
          <ContactForm
            onSaved={(c) => {
              setAdding(false);
              setTrashed(null);
              onSelect(c.id);
              invalidate(["contacts"]);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : selectedId !== null ? (
          <PersonPage
            key={selectedId}
            id={selectedId}
            onSelect={open}
            onLog={onLog}
            onDeleted={(name) => {
              onSelect(null);
              setTrashed(name);
              invalidate(["contacts"]);
            }}
          />
        ) : (
          <div className="person-empty">
            {trashed ? (
              <p data-testid="person-trashed">
                Moved {trashed} to the trash. You can restore them from Trash for a while.
              </p>
            ) : (
              <p className="muted">Select someone to see their page, or press N to add a person.</p>
            )}
            <p className="muted">
              <kbd>/</kbd> search · <kbd>↑</kbd>
              <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>N</kbd> add · <kbd>Ctrl+L</kbd> log
            </p>
          </div>
        )}
      </section>
    </div>
  );
}

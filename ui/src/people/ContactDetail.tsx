import { useEffect, useState } from "react";
import { api, errorOf } from "../api";
import type { Contact } from "../bindings";
import { type AppError, describeError } from "../errors";
import { initials, localDate, subtitle } from "./format";

export function ContactDetail({ id }: { id: number }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .getContact(id)
      .then((c) => live && setContact(c))
      .catch((e: unknown) => live && setError(errorOf(e)));
    return () => {
      live = false;
    };
  }, [id]);

  if (error)
    return (
      <div className="banner error" role="alert">
        {describeError(error)}
      </div>
    );
  if (!contact || contact.id !== id) return <div className="detail" aria-busy="true" />;
  return (
    <article className="detail" data-testid="person-detail">
      <header className="detail-header">
        <span className="avatar large" aria-hidden="true">
          {initials(contact.name)}
        </span>
        <div>
          <h2 data-testid="person-name">{contact.name}</h2>
          {subtitle(contact) && <p className="muted">{subtitle(contact)}</p>}
        </div>
      </header>
      <dl className="facts">
        {contact.company && (
          <>
            <dt>Company</dt>
            <dd>{contact.company}</dd>
          </>
        )}
        {contact.role && (
          <>
            <dt>Role</dt>
            <dd>{contact.role}</dd>
          </>
        )}
        {contact.email && (
          <>
            <dt>Email</dt>
            <dd data-testid="person-email">{contact.email}</dd>
          </>
        )}
        <dt>Added</dt>
        <dd>{localDate(contact.createdAt)}</dd>
      </dl>
    </article>
  );
}

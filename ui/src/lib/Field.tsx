// A form field: marked invalid, with its message below, when the core refused its value.
import type { ReactNode } from "react";

export function Field({ message, children }: { message: ReactNode; children: ReactNode }) {
  return (
    <div className={`field${message ? " invalid" : ""}`}>
      {children}
      {message}
    </div>
  );
}

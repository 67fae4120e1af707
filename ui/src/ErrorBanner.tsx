// The one way a screen shows an error that is not about a single field: a banner, announced
// to screen readers, in words from `describeError`. Nothing is drawn without an error.
import type { ReactNode } from "react";
import { type AppError, describeError } from "./errors";

/** `children` follow the message, for what the user can do about it ("Try again"). */
export function ErrorBanner({
  error,
  testId,
  children,
}: {
  error: AppError | null | undefined;
  testId?: string;
  children?: ReactNode;
}) {
  if (!error) return null;
  return (
    <div className="banner error" role="alert" data-testid={testId}>
      {describeError(error)}
      {children && <> {children}</>}
    </div>
  );
}

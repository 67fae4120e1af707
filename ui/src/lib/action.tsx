// Actions that write and may fail: busy while they run, their error shown; and one that asks
// first, in the row it acts on, with its danger button and Cancel.
import { type ReactNode, useState } from "react";
import { errorOf } from "../api";
import type { AppError } from "../errors";

/** `run(work)` clears the error, awaits `work` and shows its error if it fails; `busy` while it
 * runs. */
export function useAction(setError: (error: AppError | null) => void) {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>, then?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
      then?.();
    }
  };
  return { busy, run };
}

/** Like `useAction`, and `run` closes the confirmation when it is done. */
export function useConfirmedAction<K>(setError: (error: AppError | null) => void) {
  const [confirm, setConfirm] = useState<K | null>(null);
  const action = useAction(setError);
  const run = (work: () => Promise<void>) => action.run(work, () => setConfirm(null));
  return { confirm, setConfirm, busy: action.busy, run };
}

export function ConfirmInline({
  children,
  action,
  testId,
  busy,
  onConfirm,
  onCancel,
}: {
  /** The question. */
  children: ReactNode;
  /** The danger button's label. */
  action: string;
  testId: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <span className="confirm">
      {children}
      <button type="button" className="danger" data-testid={testId} disabled={busy} onClick={onConfirm}>
        {action}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

// The Save (Ctrl+Enter) and Cancel (Esc) buttons at the foot of a form.

export function SaveCancel({ saving, testId, onCancel }: { saving: boolean; testId: string; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving} data-testid={testId}>
        Save <kbd>Ctrl+Enter</kbd>
      </button>
      <button type="button" onClick={onCancel}>
        Cancel <kbd>Esc</kbd>
      </button>
    </div>
  );
}

export interface FormAlertProps {
  message: string | null;
  children?: React.ReactNode;
}

/** The form-level error, announced to screen readers as soon as it appears. */
export function FormAlert({ message, children }: FormAlertProps) {
  return (
    <div role="alert" aria-live="assertive">
      {message && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300" data-testid="form-error">
          {message} {children}
        </p>
      )}
    </div>
  );
}

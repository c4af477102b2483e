export interface SubmitButtonProps {
  pending: boolean;
  disabled?: boolean;
  label: string;
  pendingLabel: string;
}

export function SubmitButton({ pending, disabled, label, pendingLabel }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      disabled={pending || disabled}
      aria-busy={pending || undefined}
      className="h-10 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

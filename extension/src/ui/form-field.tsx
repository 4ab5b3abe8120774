import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

/**
 * A labelled text field of the quick-add and proposal forms: the control, its hint, its error and
 * the aria-describedby that ties them together (the error first, so a screen reader says what is
 * wrong before how to fill it in). Ids derive from the control's: `<id>-hint`, `<id>-error`.
 */
interface FieldProps {
  id: string;
  label: ReactNode;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  /** Shown under the control, before the error. */
  hint?: ReactNode;
  /** Ids of other elements that describe the field (a notice below it, the form's intro). */
  describedBy?: string;
  /** Rendered after the error, inside the field. */
  children?: ReactNode;
}

type Own = keyof FieldProps | "onChange" | "aria-describedby" | "aria-invalid";

export function TextField({ children, ...props }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, Own>) {
  return (
    <Field {...props} after={children}>
      <input {...controlProps(props)} />
    </Field>
  );
}

/** TextField as a textarea. */
export function TextAreaField({ children, ...props }: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, Own>) {
  return (
    <Field {...props} after={children}>
      <textarea {...controlProps(props)} />
    </Field>
  );
}

/**
 * The control's own attributes, whatever the element: the caller's (name, rows, required…), then
 * the value and its handler, and the state a screen reader announces (invalid, described by).
 */
function controlProps<Rest>({ id, label: _label, value, onValue, error, hint, describedBy, ...rest }: Omit<FieldProps, "children"> & Rest) {
  return {
    id,
    ...rest,
    value,
    onChange: (event: { target: { value: string } }) => onValue(event.target.value),
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedByIds(id, error, hint, describedBy),
  };
}

/** A field's error message, or nothing; `id` is what the control's aria-describedby names. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="field-error" id={id}>
      {error}
    </p>
  ) : null;
}

/** "<id>-error <id>-hint <others>", leaving out what is not shown; undefined when nothing is. */
export function describedByIds(id: string, error: string | undefined, hint?: ReactNode, others?: string): string | undefined {
  return [error ? `${id}-error` : "", hint ? `${id}-hint` : "", others ?? ""].filter(Boolean).join(" ") || undefined;
}

function Field({
  id,
  label,
  error,
  hint,
  after,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
      {after}
    </div>
  );
}

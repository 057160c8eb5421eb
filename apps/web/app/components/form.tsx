import type { ReactNode } from "react";

type FieldErrors = Partial<Record<string, string>>;

/** A labelled input with its Russian error beside it. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  errors?: FieldErrors;
  defaultValue?: string;
  hint?: string;
  required?: boolean;
  autoComplete?: string;
  readOnly?: boolean;
  children?: ReactNode;
}) {
  const id = `field-${props.name}`;
  const error = props.errors?.[props.name];
  const described = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children ? (
        <select id={id} name={props.name} defaultValue={props.defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={described} required={props.required}>
          {props.children}
        </select>
      ) : (
        <input
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          defaultValue={props.defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          required={props.required}
          autoComplete={props.autoComplete}
          readOnly={props.readOnly}
        />
      )}
      {props.hint ? (
        <span id={`${id}-hint`} className="hint">
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function FormAlert({ message, children }: { message?: string | null; children?: ReactNode }) {
  if (!message) return null;
  return (
    <div className="alert error" role="alert">
      {message}
      {children}
    </div>
  );
}

export function RegionOptions({ regions }: { regions: { code: string; name: string }[] }) {
  return (
    <>
      <option value="">Выберите из списка</option>
      {regions.map((r) => (
        <option key={r.code} value={r.code}>
          {r.name}
        </option>
      ))}
    </>
  );
}

export const GRADES = [6, 7, 8, 9, 10, 11];

/** A labelled select of a GET filter form, with a first option that means «no filter». */
export function FilterSelect(props: { id: string; name: string; label: string; value?: string | null; any?: string; options: readonly (readonly [string, string])[] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">{props.any ?? "Все"}</option>
        {props.options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

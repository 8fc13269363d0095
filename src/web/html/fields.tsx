/**
 * Accessible form controls: every control has a visible label, hints and
 * errors are tied to it with aria-describedby, and an error sits right next
 * to the field it is about.
 */
import type { ComponentChildren } from 'preact';

export interface FieldError {
  readonly text: string;
}

function describedBy(id: string, hint?: string, error?: FieldError): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function Hint({ id, text }: { id: string; text?: string | undefined }) {
  return text ? (
    <p class="hint" id={`${id}-hint`}>
      {text}
    </p>
  ) : null;
}

export function ErrorText({ id, error }: { id: string; error?: FieldError | undefined }) {
  return error ? (
    <p class="error" id={`${id}-error`}>
      {error.text}
    </p>
  ) : null;
}

interface BaseProps {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  error?: FieldError | undefined;
  optional?: string | undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: string | undefined }) {
  return (
    <label for={id}>
      {label}
      {optional ? <span class="opt"> {optional}</span> : null}
    </label>
  );
}

export function TextInput(props: BaseProps & { value: string; type?: string; autocomplete?: string; inputmode?: string; dir?: string }) {
  const { id, name, label, hint, error, optional, value } = props;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <Hint id={id} text={hint} />
      <ErrorText id={id} error={error} />
      <input
        id={id}
        name={name}
        type={(props.type ?? 'text') as 'text'}
        value={value}
        autocomplete={props.autocomplete ?? 'off'}
        inputMode={props.inputmode as 'text' | undefined}
        dir={props.dir as 'auto' | undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: BaseProps & { value: string; rows?: number }) {
  const { id, name, label, hint, error, optional, value } = props;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <Hint id={id} text={hint} />
      <ErrorText id={id} error={error} />
      <textarea id={id} name={name} rows={props.rows ?? 6} dir="auto" aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {value}
      </textarea>
    </div>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface OptionGroup {
  readonly label: string;
  readonly options: readonly Option[];
}

export function Select(props: BaseProps & { value: string; options?: readonly Option[]; groups?: readonly OptionGroup[]; placeholder?: string }) {
  const { id, name, label, hint, error, optional, value } = props;
  const opt = (o: Option) => (
    <option value={o.value} selected={o.value === value}>
      {o.label}
    </option>
  );
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      <Hint id={id} text={hint} />
      <ErrorText id={id} error={error} />
      <select id={id} name={name} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options?.map(opt)}
        {props.groups?.map((g) => (
          <optgroup label={g.label}>{g.options.map(opt)}</optgroup>
        ))}
      </select>
    </div>
  );
}

/** A group of check boxes or radio buttons inside a fieldset whose legend is the question. */
export function ChoiceGroup(props: {
  id: string;
  name: string;
  legend: string;
  type: 'checkbox' | 'radio';
  options: readonly Option[];
  checked: readonly string[];
  hint?: string | undefined;
  error?: FieldError | undefined;
  inline?: boolean;
  legendClass?: string;
  /** Ids of a hint or error outside the group that describe it too. */
  describedBy?: string;
  invalid?: boolean;
}) {
  const { id, name, legend, type, options, checked, hint, error } = props;
  const described = [describedBy(id, hint, error), props.describedBy].filter(Boolean).join(' ') || undefined;
  const invalid = Boolean(error) || props.invalid;
  return (
    <fieldset class={['choices', props.inline ? 'inline' : '', error ? 'has-error' : ''].filter(Boolean).join(' ')} id={id} aria-describedby={described}>
      <legend class={props.legendClass}>{legend}</legend>
      <Hint id={id} text={hint} />
      <ErrorText id={id} error={error} />
      {options.map((o, i) => (
        <div class="choice">
          <input type={type} id={`${id}-${i}`} name={name} value={o.value} checked={checked.includes(o.value)} aria-invalid={invalid ? 'true' : undefined} />
          <label for={`${id}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function ErrorSummary({ title, errors }: { title: string; errors: ReadonlyArray<{ href: string; text: string }> }) {
  if (errors.length === 0) return null;
  return (
    // autofocus: without JavaScript this is the only way to move a screen reader to the errors after a failed submit.
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={e.href}>{e.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function HiddenInput({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

export function Section({ children }: { children: ComponentChildren }) {
  return <section>{children}</section>;
}

/**
 * A file input for photos and documents (several at once). Browsers never put
 * a chosen file back into a form, so when a form comes back with an error the
 * hint says to choose the files again.
 */
export function FileInput(props: { id: string; name: string; label: string; hints: readonly string[]; error?: FieldError | undefined; optional?: string | undefined }) {
  const { id, name, label, hints, error, optional } = props;
  const hintIds = hints.map((_, i) => `${id}-hint${i ? `-${i}` : ''}`);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <Label id={id} label={label} optional={optional} />
      {hints.map((h, i) => (
        <p class="hint" id={hintIds[i]}>
          {h}
        </p>
      ))}
      <ErrorText id={id} error={error} />
      <input id={id} name={name} type="file" multiple aria-describedby={[...hintIds, error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined} aria-invalid={error ? 'true' : undefined} />
    </div>
  );
}

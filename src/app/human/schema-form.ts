/**
 * A tool call form from the tool's JSON Schema (its `input_schema`): which fields to show, how to
 * turn what was typed into the tool's input, and what is wrong with it. Validation reads the
 * schema itself (zod's JSON Schema reader), so the form refuses what the tool would refuse.
 * Pure: the answer panel renders the fields, this module decides them.
 */
import { z } from 'zod';

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'object' | 'json';

type JsonPrimitive = string | number | boolean | null;

export interface FormField {
  /** The field's path joined with '.': the key of its value and of its error. */
  key: string;
  path: readonly string[];
  /** The property name, as the model writes it. */
  name: string;
  kind: FieldKind;
  required: boolean;
  /** The schema's description: the hint under the field. */
  description?: string;
  /** An enum's choices. */
  options?: readonly JsonPrimitive[];
  /** A string the tool expects to be long (file content, a prompt): a text area. */
  multiline?: boolean;
  /** An object's own fields. */
  fields?: readonly FormField[];
}

/** What the person typed, by field key: text for every kind (a boolean is '', 'true' or 'false'). */
export type FormValues = Record<string, string>;

/** Problems by field key; '' holds the ones no field owns (e.g. an unknown key in raw JSON). */
export type FormErrors = Record<string, string>;

/** The key of the whole input when the schema is edited as raw JSON. */
export const WHOLE_INPUT = '';

/** Property names whose strings are usually long text. */
const LONG_TEXT = /content|_string$|^prompt$|^plan$|text|body/;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function primitives(value: unknown): JsonPrimitive[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ok = value.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item));
  return ok ? (value as JsonPrimitive[]) : undefined;
}

function kindOf(schema: Record<string, unknown>): FieldKind {
  if (primitives(schema.enum) || 'const' in schema) return 'enum';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = record(schema.items);
      return items?.type === 'string' && !items.enum ? 'string-list' : 'json';
    }
    case 'object':
      return record(schema.properties) ? 'object' : 'json';
    default:
      // anyOf, oneOf, a list of types, no type at all: raw JSON.
      return 'json';
  }
}

function fieldFor(name: string, schema: Record<string, unknown>, required: boolean, parent: readonly string[]): FormField {
  const path = [...parent, name];
  const field: FormField = { key: path.join('.'), path, name, kind: kindOf(schema), required };
  if (typeof schema.description === 'string' && schema.description.trim() !== '') field.description = schema.description;
  if (field.kind === 'enum') field.options = primitives(schema.enum) ?? [schema.const as JsonPrimitive];
  if (field.kind === 'string' && LONG_TEXT.test(name) && schema.maxLength === undefined) field.multiline = true;
  if (field.kind === 'object') field.fields = fieldsOf(schema, path) ?? [];
  return field;
}

function fieldsOf(schema: Record<string, unknown>, path: readonly string[]): FormField[] | undefined {
  const properties = record(schema.properties);
  if (schema.type !== 'object' || !properties) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  return Object.entries(properties).map(([name, property]) => fieldFor(name, record(property) ?? {}, required.has(name), path));
}

/**
 * The form for a tool's input schema: one field per property, nested for objects; undefined when
 * the schema is not an object with properties (then the whole input is raw JSON).
 */
export function deriveFields(schema: Record<string, unknown>): FormField[] | undefined {
  return fieldsOf(schema, []);
}

/** Every field, nested ones too, in form order. */
export function allFields(fields: readonly FormField[]): FormField[] {
  return fields.flatMap((field) => [field, ...allFields(field.fields ?? [])]);
}

/** How an enum choice is kept in the form's text values. */
export function optionValue(option: JsonPrimitive): string {
  return JSON.stringify(option);
}

interface Collected {
  input: Record<string, unknown>;
  errors: FormErrors;
}

function valueOf(field: FormField, values: FormValues, errors: FormErrors): unknown {
  const text = values[field.key] ?? '';
  switch (field.kind) {
    case 'string':
      // An empty optional string is left out; a required one is sent as typed (Edit's new_string may be '').
      return text === '' && !field.required ? undefined : text;
    case 'number':
    case 'integer': {
      if (text.trim() === '') return undefined;
      const number = Number(text.trim());
      if (Number.isNaN(number)) errors[field.key] = 'Not a number.';
      return number;
    }
    case 'boolean':
      return text === '' ? undefined : text === 'true';
    case 'enum':
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    case 'string-list': {
      const items = text.split('\n').filter((line) => line.trim() !== '');
      return items.length === 0 && !field.required ? undefined : items;
    }
    case 'object': {
      const inner = collectFields(field.fields ?? [], values, errors);
      return Object.keys(inner).length === 0 && !field.required ? undefined : inner;
    }
    case 'json':
      if (text.trim() === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        errors[field.key] = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
        return undefined;
      }
  }
}

function collectFields(fields: readonly FormField[], values: FormValues, errors: FormErrors): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueOf(field, values, errors);
    if (value !== undefined) input[field.name] = value;
  }
  return input;
}

/** The tool input the form's values make, and the values that could not be read (not a number, bad JSON). */
export function collectInput(fields: readonly FormField[] | undefined, values: FormValues): Collected {
  const errors: FormErrors = {};
  if (fields) return { input: collectFields(fields, values, errors), errors };
  const text = values[WHOLE_INPUT] ?? '';
  try {
    const parsed = record(JSON.parse(text.trim() === '' ? '{}' : text) as unknown);
    if (parsed) return { input: parsed, errors };
    errors[WHOLE_INPUT] = 'The input must be a JSON object, e.g. {"file_path": "README.md"}.';
  } catch (error) {
    errors[WHOLE_INPUT] = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { input: {}, errors };
}

const compiled = new WeakMap<Record<string, unknown>, z.ZodType | null>();

/** The schema as a validator; null when zod cannot read it (then only the form's own checks apply). */
function validatorFor(schema: Record<string, unknown>): z.ZodType | null {
  if (compiled.has(schema)) return compiled.get(schema) ?? null;
  let validator: z.ZodType | null;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    validator = null;
  }
  compiled.set(schema, validator);
  return validator;
}

function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** A zod issue in the words of the form. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return at(input, issue.path) === undefined ? 'Required.' : `Expected ${TYPE_WORDS[issue.expected] ?? issue.expected}.`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? 'Required: it cannot be empty.' : `At least ${minimum} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At least ${minimum} item${minimum === 1 ? '' : 's'}.`;
      return issue.inclusive === false ? `Must be more than ${minimum}.` : `Must be at least ${minimum}.`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `At most ${maximum} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${maximum} item${maximum === 1 ? '' : 's'}.`;
      return issue.inclusive === false ? `Must be less than ${maximum}.` : `Must be at most ${maximum}.`;
    }
    case 'invalid_value':
      return `Choose one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}.`;
    default:
      return issue.message;
  }
}

/** The field that owns a problem at `path`: the deepest field on it, else the whole input. */
function ownerKey(path: readonly PropertyKey[], keys: ReadonlySet<string>): string {
  for (let length = path.length; length > 0; length--) {
    const key = path.slice(0, length).map(String).join('.');
    if (keys.has(key)) return key;
  }
  return WHOLE_INPUT;
}

/** What is wrong with `input` for `schema`, by field key (first problem per field). */
export function validateInput(schema: Record<string, unknown>, input: Record<string, unknown>, fields: readonly FormField[] | undefined): FormErrors {
  const errors: FormErrors = {};
  const keys = new Set(allFields(fields ?? []).map((field) => field.key));
  const validator = validatorFor(schema);
  if (!validator) {
    // A schema zod cannot read: at least the required properties must be there.
    const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
    for (const name of required) if (input[name] === undefined) errors[ownerKey([name], keys)] ??= 'Required.';
    return errors;
  }
  const result = validator.safeParse(input);
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const key = ownerKey(issue.path, keys);
    const message = describeIssue(issue, input);
    errors[key] ??= key === WHOLE_INPUT && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${message}` : message;
  }
  return errors;
}

export interface CheckedCall {
  input: Record<string, unknown>;
  errors: FormErrors;
}

/** Read the form and check it against the schema: the input to send, or the problems to show. */
export function checkToolCall(schema: Record<string, unknown>, fields: readonly FormField[] | undefined, values: FormValues): CheckedCall {
  const collected = collectInput(fields, values);
  const errors = { ...validateInput(schema, collected.input, fields), ...collected.errors };
  return { input: collected.input, errors };
}

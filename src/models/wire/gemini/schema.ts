type Schema = Record<string, unknown>;

/** Schema fields Gemini's function declarations accept (its OpenAPI subset). Anything else is a 400. */
const KEEP = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'properties',
  'required',
  'anyOf',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'minProperties',
  'maxProperties',
]);

/** `format` values Gemini knows, per type. */
const FORMATS: Record<string, Set<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
};

/** Guards against cyclic `$ref`s: a recursive schema is cut off at this depth. */
const MAX_DEPTH = 24;

function record(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match?.[1] || !match[2]) return undefined;
  return record(record(root[match[1]])?.[match[2].replace(/~1/g, '/').replace(/~0/g, '~')]);
}

/** Inline $ref / allOf / oneOf / const / type arrays into the forms Gemini understands. */
function normalize(node: Schema, root: Schema, depth: number): Schema {
  let out: Schema = { ...node };
  if (typeof out.$ref === 'string') {
    const target = depth < MAX_DEPTH ? resolveRef(out.$ref, root) : undefined;
    const { $ref: _ref, ...rest } = out;
    out = { ...(target ?? { type: 'object' }), ...rest };
  }
  if (Array.isArray(out.allOf)) {
    const { allOf, ...rest } = out;
    let merged: Schema = {};
    for (const part of allOf) {
      const sub = record(part);
      if (!sub) continue;
      const next = normalize(sub, root, depth + 1);
      merged = {
        ...merged,
        ...next,
        properties: { ...record(merged.properties), ...record(next.properties) },
        required: [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(next.required) ? next.required : [])],
      };
    }
    out = { ...merged, ...rest };
  }
  if (Array.isArray(out.oneOf) && !Array.isArray(out.anyOf)) {
    out.anyOf = out.oneOf;
  }
  if ('const' in out && !Array.isArray(out.enum)) {
    out.enum = [out.const];
    out.type ??= typeof out.const === 'string' ? 'string' : undefined;
  }
  if (Array.isArray(out.type)) {
    const types = out.type.filter((t): t is string => typeof t === 'string' && t !== 'null');
    if (types.length < out.type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
    }
  }
  if (Array.isArray(out.anyOf)) {
    const variants = out.anyOf.map(record).filter((v): v is Schema => v !== undefined);
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (nonNull.length < variants.length) out.nullable = true;
    const only = nonNull[0];
    if (nonNull.length === 1 && only) {
      delete out.anyOf;
      out = { ...normalize(only, root, depth + 1), ...out };
      delete out.anyOf;
    } else {
      out.anyOf = nonNull;
    }
  }
  return out;
}

function sanitize(node: unknown, root: Schema, depth: number): Schema {
  const input = record(node);
  if (!input) return {};
  const schema = normalize(input, root, depth);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key) || value === undefined) continue;
    out[key] = value;
  }
  if (out.properties !== undefined) {
    const properties: Schema = {};
    for (const [name, sub] of Object.entries(record(out.properties) ?? {})) properties[name] = sanitize(sub, root, depth + 1);
    if (Object.keys(properties).length > 0) out.properties = properties;
    else delete out.properties;
  }
  if (Array.isArray(out.required)) {
    const present = new Set(Object.keys(record(out.properties) ?? {}));
    const required = [...new Set(out.required.filter((name): name is string => typeof name === 'string' && present.has(name)))];
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  if (out.items !== undefined) {
    // Tuple schemas (an array of item schemas) have no Gemini form; the first item type stands in.
    out.items = sanitize(Array.isArray(out.items) ? out.items[0] : out.items, root, depth + 1);
  }
  if (Array.isArray(out.anyOf)) out.anyOf = out.anyOf.map((variant) => sanitize(variant, root, depth + 1));
  if (Array.isArray(out.enum)) {
    // Gemini enums are string enums.
    const values = out.enum.filter((value) => value !== null).map(String);
    if (values.length > 0 && (out.type === undefined || out.type === 'string')) {
      out.enum = values;
      out.type = 'string';
    } else delete out.enum;
  }
  if (typeof out.format === 'string' && !FORMATS[String(out.type)]?.has(out.format)) delete out.format;
  return out;
}

/**
 * A tool's JSON Schema as Gemini `parameters`: $ref/allOf inlined, const → enum, nullable types,
 * and unsupported keywords ($schema, additionalProperties, default, examples, …) dropped.
 * Returns undefined for a schema with no properties: Gemini rejects an empty OBJECT, and omitting
 * `parameters` is how a no-argument function is declared.
 */
export function toGeminiParameters(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = sanitize(schema, schema, 0);
  if (out.type === 'object' && out.properties === undefined) return undefined;
  return out;
}

import { describe, expect, it } from 'vitest';
import { allFields, checkToolCall, collectInput, deriveFields, optionValue, validateInput, WHOLE_INPUT } from '../../../src/app/human/schema-form';
import { createDefaultTools, toolDefinitions } from '../../../src/tools/registry';

const tools = new Map(toolDefinitions(createDefaultTools()).map((tool) => [tool.name, tool.input_schema]));
function schemaOf(name: string): Record<string, unknown> {
  const schema = tools.get(name);
  if (!schema) throw new Error(`no ${name}`);
  return schema;
}

describe('deriveFields', () => {
  it('makes one field per property, required marked, descriptions as hints', () => {
    const fields = deriveFields(schemaOf('Read'));
    expect(fields?.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['file_path', 'string', true],
      ['offset', 'integer', false],
      ['limit', 'integer', false],
    ]);
    expect(fields?.[0]?.description).toMatch(/The file to read/);
  });

  it('reads enums, booleans, long text and the kinds it cannot draw', () => {
    const grep = deriveFields(schemaOf('Grep')) ?? [];
    const mode = grep.find((field) => field.name === 'output_mode');
    expect(mode).toMatchObject({ kind: 'enum', options: ['files_with_matches', 'content', 'count'] });
    expect(grep.find((field) => field.name === '-i')?.kind).toBe('boolean');
    expect(deriveFields(schemaOf('Write'))?.find((field) => field.name === 'content')?.multiline).toBe(true);
    // An array of objects has no form of its own: raw JSON.
    expect(deriveFields(schemaOf('TodoWrite'))?.[0]).toMatchObject({ name: 'todos', kind: 'json', required: true });
  });

  it('nests objects, lists strings, and gives up on a schema that is no object', () => {
    const fields = deriveFields({
      type: 'object',
      properties: {
        target: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } }, required: ['host'] },
        tags: { type: 'array', items: { type: 'string' } },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        fixed: { const: 'v1' },
      },
    });
    expect(allFields(fields ?? []).map((field) => [field.key, field.kind, field.required])).toEqual([
      ['target', 'object', false],
      ['target.host', 'string', true],
      ['target.port', 'integer', false],
      ['tags', 'string-list', false],
      ['either', 'json', false],
      ['fixed', 'enum', false],
    ]);
    expect(deriveFields({ type: 'string' })).toBeUndefined();
    expect(deriveFields({ type: 'object' })).toBeUndefined();
  });
});

describe('collectInput and validation', () => {
  it('refuses a missing required field, in words next to it', () => {
    const schema = schemaOf('Read');
    const fields = deriveFields(schema);
    expect(checkToolCall(schema, fields, {}).errors).toEqual({ file_path: 'Required: it cannot be empty.' });
    expect(checkToolCall(schema, fields, { file_path: 'README.md' })).toEqual({ input: { file_path: 'README.md' }, errors: {} });
  });

  it('turns typed text into numbers and booleans and checks their types and bounds', () => {
    const schema = schemaOf('Read');
    const fields = deriveFields(schema);
    expect(checkToolCall(schema, fields, { file_path: 'a', offset: '2', limit: '10' }).input).toEqual({ file_path: 'a', offset: 2, limit: 10 });
    expect(checkToolCall(schema, fields, { file_path: 'a', offset: 'two' }).errors).toEqual({ offset: 'Not a number.' });
    expect(checkToolCall(schema, fields, { file_path: 'a', offset: '1.5' }).errors).toEqual({ offset: 'Expected a whole number.' });
    expect(checkToolCall(schema, fields, { file_path: 'a', limit: '0' }).errors).toEqual({ limit: 'Must be at least 1.' });
    const grep = schemaOf('Grep');
    const grepFields = deriveFields(grep);
    expect(checkToolCall(grep, grepFields, { pattern: 'x', '-i': 'true', output_mode: optionValue('count') }).input).toEqual({ pattern: 'x', '-i': true, output_mode: 'count' });
  });

  it('keeps an empty required string (Edit may replace text with nothing), drops empty optional ones', () => {
    const schema = schemaOf('Edit');
    const fields = deriveFields(schema);
    const checked = checkToolCall(schema, fields, { file_path: 'a.ts', old_string: 'x', new_string: '', replace_all: '' });
    expect(checked).toEqual({ input: { file_path: 'a.ts', old_string: 'x', new_string: '' }, errors: {} });
  });

  it('reads raw JSON fields and points at what is wrong inside them', () => {
    const schema = schemaOf('TodoWrite');
    const fields = deriveFields(schema);
    expect(checkToolCall(schema, fields, { todos: '[{' }).errors.todos).toMatch(/^Not valid JSON/);
    const wrong = checkToolCall(schema, fields, { todos: JSON.stringify([{ content: 'Test', status: 'later', activeForm: 'Testing' }]) });
    expect(wrong.errors).toEqual({ todos: 'Choose one of: "pending", "in_progress", "completed".' });
    const right = checkToolCall(schema, fields, { todos: JSON.stringify([{ content: 'Test', status: 'pending', activeForm: 'Testing' }]) });
    expect(right.errors).toEqual({});
  });

  it('collects nested objects and string lists', () => {
    const schema = {
      type: 'object',
      properties: {
        target: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' } }, required: ['host'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
      required: ['tags'],
    };
    const fields = deriveFields(schema);
    expect(checkToolCall(schema, fields, { 'target.host': 'h', 'target.port': '80', tags: 'a\n\nb\n' })).toEqual({ input: { target: { host: 'h', port: 80 }, tags: ['a', 'b'] }, errors: {} });
    // A required string left empty is sent as '' (the schema allows it here); the list must have an item.
    expect(checkToolCall(schema, fields, { 'target.port': '80' })).toEqual({ input: { target: { host: '', port: 80 }, tags: [] }, errors: { tags: 'At least 1 item.' } });
    expect(validateInput(schema, { target: { port: 80 }, tags: ['a'] }, fields)).toEqual({ 'target.host': 'Required.' });
  });

  it('edits a schema without a form as one JSON object', () => {
    const schema = { type: 'object', additionalProperties: false, properties: {} } as Record<string, unknown>;
    const noForm = { type: 'object' };
    expect(collectInput(undefined, { [WHOLE_INPUT]: '[1]' }).errors[WHOLE_INPUT]).toMatch(/must be a JSON object/);
    expect(checkToolCall(noForm, undefined, { [WHOLE_INPUT]: '{"a": 1}' })).toEqual({ input: { a: 1 }, errors: {} });
    expect(validateInput(schema, { extra: 1 }, [])).toEqual({ [WHOLE_INPUT]: 'Unknown field: extra.' });
  });
});

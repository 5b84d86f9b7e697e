import { describe, expect, it } from 'vitest';
import { createDefaultTools, findTool, toolDefinitions } from '../../../src/tools/registry';

describe('registry', () => {
  it('has the Claude Code–style tools with unique names', () => {
    const names = createDefaultTools().map((tool) => tool.name);
    expect(names).toEqual(['Read', 'Write', 'Edit', 'Glob', 'Grep', 'Bash', 'WebFetch', 'TodoWrite', 'Agent', 'AskUserQuestion', 'ExitPlanMode']);
    expect(createDefaultTools()).not.toBe(createDefaultTools());
  });

  it('exports JSON Schemas without $schema, with descriptions and required fields', () => {
    const definitions = toolDefinitions(createDefaultTools());
    for (const definition of definitions) {
      expect(definition.input_schema).not.toHaveProperty('$schema');
      expect(definition.input_schema.type).toBe('object');
      expect(definition.description.length).toBeGreaterThan(100);
    }
    const grep = definitions.find((definition) => definition.name === 'Grep');
    expect(grep?.input_schema.required).toEqual(['pattern']);
    const properties = grep?.input_schema.properties as Record<string, { description?: string; enum?: string[] }>;
    expect(Object.keys(properties)).toEqual(['pattern', 'path', 'glob', 'output_mode', '-i', '-n', '-A', '-B', '-C', 'head_limit']);
    expect(properties.output_mode?.enum).toEqual(['files_with_matches', 'content', 'count']);
    const edit = definitions.find((definition) => definition.name === 'Edit');
    expect(edit?.input_schema.required).toEqual(['file_path', 'old_string', 'new_string']);
    for (const property of Object.values(properties)) expect(property.description).toBeTruthy();
  });

  it('finds tools by name', () => {
    const tools = createDefaultTools();
    expect(findTool(tools, 'Edit')?.name).toBe('Edit');
    expect(findTool(tools, 'edit')).toBeUndefined();
  });

  it('describes schemas with sensible bounds', () => {
    const bash = findTool(createDefaultTools(), 'Bash');
    expect(bash?.inputSchema.safeParse({ command: 'ls', timeout: 600_001 }).success).toBe(false);
    expect(bash?.inputSchema.safeParse({ command: 'ls', timeout: 1000 }).success).toBe(true);
    const read = findTool(createDefaultTools(), 'Read');
    expect(read?.inputSchema.safeParse({ file_path: 'a', offset: 0 }).success).toBe(false);
  });
});

import { z } from 'zod';
import type { ToolDefinition } from '../models/port';
import { askUserQuestionTool } from './ask-user-question';
import { bashTool } from './bash';
import { editTool } from './edit';
import { exitPlanModeTool } from './exit-plan-mode';
import { globTool } from './glob';
import { grepTool } from './grep';
import type { AnyTool } from './port';
import { readTool } from './read';
import { writeTool } from './write';
import { createAgentTool } from './agent';
import type { SubagentTypeSummary } from './port';
import { todoWriteTool } from './todo-write';
import { createWebFetchTool } from './web-fetch';
import { createWebSearchTool, type SearchCredentials } from './web-search';

export interface DefaultToolOptions {
  /** The agent types the Agent tool's description lists (read whenever the tool set is described). */
  agentTypes?: () => readonly SubagentTypeSummary[];
  /** The CORS proxy WebFetch uses for hosts without CORS headers (read at each fetch); none by default. */
  corsProxy?: () => string | undefined;
  /** The search API key set in the settings (read at each call); WebSearch is offered only while there is one. */
  searchCredentials?: () => SearchCredentials | undefined;
}

/** The standard tool set, in the order the model sees it. A fresh array, so callers may add or remove tools. */
export function createDefaultTools(options: DefaultToolOptions = {}): AnyTool[] {
  return [
    readTool,
    writeTool,
    editTool,
    globTool,
    grepTool,
    bashTool,
    createWebFetchTool(options.corsProxy === undefined ? {} : { corsProxy: options.corsProxy }),
    // Present when the caller can hold a search key; offered to the model only while one is set.
    ...(options.searchCredentials === undefined
      ? []
      : [createWebSearchTool({ credentials: options.searchCredentials, ...(options.corsProxy === undefined ? {} : { corsProxy: options.corsProxy }) })]),
    todoWriteTool,
    createAgentTool(options.agentTypes),
    askUserQuestionTool,
    exitPlanModeTool,
  ];
}

/** The tools as the model request describes them: name, prompt text and JSON Schema of the input. */
export function toolDefinitions(tools: readonly AnyTool[]): ToolDefinition[] {
  return tools.filter((tool) => tool.available?.() !== false).map((tool) => {
    if (tool.inputJsonSchema !== undefined) return { name: tool.name, description: tool.description, input_schema: { ...tool.inputJsonSchema } };
    // The input side is what the model writes; `$schema` is noise that some providers reject.
    const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(tool.inputSchema, { io: 'input' }) as Record<string, unknown>;
    return { name: tool.name, description: tool.description, input_schema: inputSchema };
  });
}

export function findTool(tools: readonly AnyTool[], name: string): AnyTool | undefined {
  return tools.find((tool) => tool.name === name);
}

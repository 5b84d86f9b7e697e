/**
 * What `/init` asks the agent, in the spirit of Claude Code's `/init`: study the workspace and
 * write an `AGENTS.md` that a future agent session reads first.
 */
export const INIT_PROMPT = `Please analyze this workspace and create an AGENTS.md file at its root. Future coding-agent sessions in this workspace will read it first, so write what they need to be productive here.

What to add:
1. The commands that are used here: how to install, build, lint, run the program, and run the tests, including how to run a single test.
2. The high-level architecture and structure: the "big picture" that takes reading several files to understand (the main modules, how data flows between them, where to make common kinds of change).
3. Conventions that are specific to this code (naming, error handling, test layout, anything a newcomer would get wrong).

How to write it:
- If there is already an AGENTS.md (or a CLAUDE.md), read it and improve it rather than starting over.
- If there is a README, or rules for other assistants (CLAUDE.md, .cursorrules, .cursor/rules/, .github/copilot-instructions.md), include their important parts.
- Keep it short and specific. Do not list every file or component that is easy to discover, do not repeat yourself, and leave out generic advice (such as "write tests" or "handle errors helpfully").
- Do not make up information: only write down commands and facts you found in the files or checked by running them.
- Begin the file with:

# AGENTS.md

This file provides guidance to coding agents when working with code in this workspace.`;

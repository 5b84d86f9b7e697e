import { EXIT_BAD_OPTION } from './limits';

/** What the program's entry point is. */
export type MainSpec =
  | { kind: 'file'; path: string }
  | { kind: 'check'; path: string }
  | { kind: 'eval' | 'print' | 'stdin'; code: string };

export type NodeInvocation =
  | { kind: 'version' }
  | { kind: 'help' }
  | { kind: 'repl' }
  | { kind: 'error'; message: string; exitCode: number }
  | { kind: 'run'; main: MainSpec; args: string[]; execArgv: string[]; preloadModules: string[] };

/** Flags that change nothing here; accepted so copied command lines still run. */
const IGNORED_FLAG = /^--(no-)?(warnings|deprecation|experimental-[\w-]+|enable-source-maps|trace-[\w-]+|max-old-space-size|stack-size|unhandled-rejections|use-strict|preserve-symlinks|frozen-intrinsics|disable-proto)(=.*)?$/;

/** `node [options] [script.js | -e code | -p code | -] [arguments]`, as far as the offline node goes. */
export function parseNodeArgs(argv: readonly string[], stdin: string): NodeInvocation {
  const execArgv: string[] = [];
  const preloadModules: string[] = [];
  let evalMode: 'eval' | 'print' | undefined;
  let evalCode: string | undefined;
  let check = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new CliError(`node: ${arg} requires an argument`);
      return value;
    };
    try {
      if (arg === '-v' || arg === '--version') return { kind: 'version' };
      if (arg === '-h' || arg === '--help') return { kind: 'help' };
      if (arg === '-i' || arg === '--interactive') return { kind: 'repl' };
      if (arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print' || arg === '-pe') {
        evalMode = arg === '-e' || arg === '--eval' ? 'eval' : 'print';
        evalCode = next();
        execArgv.push(arg, evalCode);
        continue;
      }
      if (arg.startsWith('--eval=') || arg.startsWith('--print=')) {
        evalMode = arg.startsWith('--eval=') ? 'eval' : 'print';
        evalCode = arg.slice(arg.indexOf('=') + 1);
        execArgv.push(arg);
        continue;
      }
      if (arg === '-r' || arg === '--require') {
        preloadModules.push(next());
        execArgv.push(arg, preloadModules[preloadModules.length - 1] ?? '');
        continue;
      }
      if (arg === '-c' || arg === '--check') {
        check = true;
        execArgv.push(arg);
        continue;
      }
      if (arg === '--test' || arg.startsWith('--test-')) {
        return {
          kind: 'error',
          message: 'node: --test is not available in the offline sandbox; run the test file itself (node test.js).\n',
          exitCode: EXIT_BAD_OPTION,
        };
      }
      if (arg.startsWith('--inspect') || arg === '--prof' || arg.startsWith('--cpu-prof') || arg.startsWith('--watch')) {
        return { kind: 'error', message: `node: ${arg} is not available in the offline sandbox\n`, exitCode: EXIT_BAD_OPTION };
      }
      if (IGNORED_FLAG.test(arg)) {
        execArgv.push(arg);
        continue;
      }
    } catch (error) {
      if (error instanceof CliError) return { kind: 'error', message: `${error.message}\n`, exitCode: EXIT_BAD_OPTION };
      throw error;
    }
    if (arg === '--') {
      return entryFrom(argv.slice(i + 1), { evalMode, evalCode, check, execArgv, preloadModules, stdin });
    }
    if (arg.startsWith('-') && arg !== '-') {
      return { kind: 'error', message: `node: bad option: ${arg}\n`, exitCode: EXIT_BAD_OPTION };
    }
    return entryFrom(argv.slice(i), { evalMode, evalCode, check, execArgv, preloadModules, stdin });
  }
  return entryFrom([], { evalMode, evalCode, check, execArgv, preloadModules, stdin });
}

class CliError extends Error {}

interface Collected {
  evalMode: 'eval' | 'print' | undefined;
  evalCode: string | undefined;
  check: boolean;
  execArgv: string[];
  preloadModules: string[];
  stdin: string;
}

function entryFrom(rest: string[], collected: Collected): NodeInvocation {
  const { evalMode, evalCode, check, execArgv, preloadModules, stdin } = collected;
  const run = (main: MainSpec, args: string[]): NodeInvocation => ({ kind: 'run', main, args, execArgv, preloadModules });
  if (evalMode && evalCode !== undefined) return run({ kind: evalMode, code: evalCode }, rest);
  const [script, ...args] = rest;
  if (script === undefined || script === '-') {
    // Without a script Node reads one from stdin; with nothing piped in it would start the REPL.
    if (stdin.trim() === '' && script === undefined) return { kind: 'repl' };
    return run({ kind: 'stdin', code: stdin }, args);
  }
  return run({ kind: check ? 'check' : 'file', path: script }, args);
}

export const HELP_TEXT = `Usage: node [options] [ script.js | -e "script" | - ] [arguments]

The offline sandbox's node runs JavaScript in QuickJS (WebAssembly), isolated from the page:
CommonJS modules, and the core modules fs (on the workspace), path, assert, util, events, os,
buffer, timers, console, process and node:test. No network, child processes or npm here; the
WebContainer sandbox has a real Node.js.

Options:
  -e, --eval script     evaluate script
  -p, --print script    evaluate script and print the result
  -c, --check           check the script's syntax without running it
  -r, --require module  require a module before the script
  -v, --version         print the version
  -h, --help            print this help
`;

export const REPL_MESSAGE =
  "node: the interactive REPL is not available in the offline sandbox. Run a file (node script.js) or code (node -e \"console.log(1 + 1)\").\n";

/**
 * CodeMirror 6, loaded lazily (never on the first paint). Language support is
 * loaded per file type on top of that.
 */
import { basicSetup, EditorView } from 'codemirror';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { syntaxHighlighting } from '@codemirror/language';
import { oneDarkHighlightStyle } from '@codemirror/theme-one-dark';

const theme = EditorView.theme(
  {
    '&': { height: '100%', backgroundColor: '#0b1120', color: '#e2e8f0', fontSize: '13px' },
    '.cm-scroller': { fontFamily: "var(--mono)", lineHeight: '1.6' },
    '.cm-content': { caretColor: '#38bdf8', padding: '8px 0' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#38bdf8', borderLeftWidth: '2px' },
    '&.cm-focused': { outline: 'none' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'rgba(56,189,248,0.22) !important' },
    '.cm-gutters': { backgroundColor: '#0b1120', color: '#7d8ca3', border: 'none', paddingRight: '4px' },
    '.cm-activeLineGutter': { backgroundColor: 'transparent', color: '#94a3b8' },
    '.cm-activeLine': { backgroundColor: 'rgba(148,163,184,0.05)' },
    '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'rgba(56,189,248,0.18)', outline: 'none' },
    '.cm-foldPlaceholder': { backgroundColor: '#1e293b', border: 'none', color: '#94a3b8' },
    '.cm-tooltip': { backgroundColor: '#0f172a', border: '1px solid #334155', color: '#e2e8f0' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'rgba(56,189,248,0.2)', color: '#f8fafc' },
    '.cm-panels': { backgroundColor: '#0f172a', color: '#e2e8f0', borderColor: '#1e293b' },
    '.cm-searchMatch': { backgroundColor: 'rgba(251,191,36,0.25)' },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'rgba(251,191,36,0.45)' },
  },
  { dark: true },
);

export async function languageFor(path: string): Promise<Extension> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return (await import('@codemirror/lang-javascript')).javascript({ jsx: ext === 'jsx' });
    case 'ts':
    case 'mts':
    case 'cts':
    case 'tsx':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true, jsx: ext === 'tsx' });
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'md':
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown();
    case 'css':
      return (await import('@codemirror/lang-css')).css();
    case 'html':
    case 'htm':
    case 'svelte':
    case 'vue':
      return (await import('@codemirror/lang-html')).html();
    default:
      return [];
  }
}

export interface EditorHandle {
  getText(): string;
  /** Replace the whole document. `fresh` starts a new history (another file); otherwise the reload is undoable. */
  setText(text: string, fresh?: boolean): void;
  setLanguage(language: Extension): void;
  setLabel(label: string): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  text: string;
  label: string;
  onChange: (text: string) => void;
  onSave: (text: string) => void;
}

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorHandle {
  const language = new Compartment();
  const attributes = new Compartment();
  let silent = false;
  let currentLanguage: Extension = [];
  let currentLabel = options.label;
  const makeState = (doc: string): EditorState =>
    EditorState.create({
      doc,
      extensions: [
        basicSetup,
        theme,
        syntaxHighlighting(oneDarkHighlightStyle),
        language.of(currentLanguage),
        attributes.of(EditorView.contentAttributes.of({ 'aria-label': currentLabel })),
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: (v) => {
                options.onSave(v.state.doc.toString());
                return true;
              },
            },
          ]),
        ),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !silent) options.onChange(update.state.doc.toString());
        }),
      ],
    });
  const view = new EditorView({ parent, state: makeState(options.text) });
  return {
    getText: () => view.state.doc.toString(),
    setText(text, fresh = false) {
      if (fresh) {
        view.setState(makeState(text));
        return;
      }
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      silent = false;
    },
    setLanguage(extension) {
      currentLanguage = extension;
      view.dispatch({ effects: language.reconfigure(extension) });
    },
    setLabel(label) {
      currentLabel = label;
      view.dispatch({ effects: attributes.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label })) });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

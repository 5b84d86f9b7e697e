/** The part of turndown's API WebFetch uses (the package ships no types). */
declare module 'turndown' {
  interface TurndownOptions {
    headingStyle?: 'setext' | 'atx';
    codeBlockStyle?: 'indented' | 'fenced';
    bulletListMarker?: '-' | '+' | '*';
  }
  export default class TurndownService {
    constructor(options?: TurndownOptions);
    remove(filter: string | string[]): this;
    turndown(html: string): string;
  }
}

/** The parts of webvtt-parser (W3C's WebVTT validator, no types of its own) the export tests use. */
declare module 'webvtt-parser' {
  export interface WebVttNode {
    type: 'text' | 'object' | 'timestamp';
    name?: string;
    value?: string | number;
    classes?: string[];
    children?: WebVttNode[];
  }
  export interface WebVttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: WebVttNode[] };
  }
  export interface WebVttResult {
    cues: WebVttCue[];
    errors: { message: string; line: number; col: number }[];
  }
  export class WebVTTParser {
    /** Entity (with its `;`) to text; the default table is `&amp` (sic), `&lt`, `&gt`, `&lrm`, `&rlm`, `&nbsp`. */
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): WebVttResult;
  }
  /** CommonJS that assigns its exports at run time, so Node's ESM loader sees only the default export. */
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}

/**
 * Mermaid's own parser for the tests. Mermaid expects a browser: a jsdom window and document are installed on
 * globalThis before mermaid is first imported (dynamically, so the import cannot be hoisted above them).
 */
import { createRequire } from 'node:module';

// jsdom ships no type declarations; this is the little of it used here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: { document: unknown } } };

export interface Flowchart {
  /** Node ID -> label. */
  readonly vertices: ReadonlyMap<string, string>;
  readonly subgraphs: readonly { readonly id: string; readonly title: string; readonly nodes: readonly string[] }[];
  readonly edges: readonly { readonly start: string; readonly end: string; readonly text: string }[];
}

interface FlowDb {
  getVertices(): Map<string, { text?: string }>;
  getSubGraphs(): { id: string; title: string; nodes: string[] }[];
  getEdges(): { start: string; end: string; text?: string }[];
}

type Mermaid = typeof import('mermaid').default;
let loaded: Promise<Mermaid> | undefined;

function loadMermaid(): Promise<Mermaid> {
  if (!loaded) {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    const global = globalThis as Record<string, unknown>;
    global.window = window;
    global.document = window.document;
    loaded = import('mermaid').then((m) => m.default);
  }
  return loaded;
}

/** Parses a flowchart; rejects with Mermaid's error when the text is not valid Mermaid. */
export async function parseFlowchart(text: string): Promise<Flowchart> {
  const mermaid = await loadMermaid();
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as FlowDb;
  return {
    vertices: new Map([...db.getVertices()].map(([id, v]) => [id, v.text ?? ''])),
    subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: s.title, nodes: [...s.nodes] })),
    edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text ?? '' })),
  };
}

/** The body of every ```mermaid block of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

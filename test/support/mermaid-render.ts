/**
 * Mermaid's own renderer, run in Debian's headless Chromium (`apt-get install chromium`): the `mermaid` package
 * from node_modules is injected into a blank local page, so nothing is fetched beyond loopback. One browser serves
 * every render; each render reports where Mermaid drew every node and subgraph, and how many edges, read back from
 * the SVG in the page. Used by test/mermaid-render.test.ts and scripts/diagram.ts (the PNG in docs/).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Page coordinates of an SVG element's box: x grows to the right, y downwards. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RenderedDiagram {
  readonly svg: string;
  /** True when Mermaid drew its error diagram ("Syntax error in text") instead of the chart. */
  readonly error: boolean;
  /** Node ID (as written in the Mermaid text) -> its box. */
  readonly nodes: ReadonlyMap<string, Box>;
  /** Subgraph ID -> its box. */
  readonly clusters: ReadonlyMap<string, Box>;
  /** Every drawn edge, by the node IDs it joins (invisible `~~~` links included, flagged). */
  readonly edges: readonly { readonly start: string; readonly end: string; readonly invisible: boolean }[];
}

/** `inner` lies within `outer` (a pixel of slack for rounding). */
export function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

const MERMAID_JS = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

export class MermaidRenderer {
  private count = 0;

  private constructor(
    private readonly browser: BrowserContext,
    private readonly page: Page,
    private readonly profile: string,
  ) {}

  static async start(): Promise<MermaidRenderer> {
    const profile = mkdtempSync(join(tmpdir(), 'mermaid-chromium-'));
    // A fresh profile directory per start (Playwright passes it as --user-data-dir).
    const browser = await chromium
      .launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1600, height: 1200 },
        deviceScaleFactor: 1,
      })
      .catch((error: unknown) => {
        rmSync(profile, { recursive: true, force: true });
        throw error;
      });
    // Everything the page needs is injected: any request to the network is refused.
    await browser.route(/^(https?|wss?|ftp):/, (route) => route.abort());
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate(() => {
      const m = (window as unknown as { mermaid: { initialize(config: object): void } }).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', flowchart: { htmlLabels: true } });
    });
    return new MermaidRenderer(browser, page, profile);
  }

  /** Renders a flowchart into the page and measures it. Mermaid's parse errors reject. */
  async render(text: string): Promise<RenderedDiagram> {
    this.count += 1;
    return this.page.evaluate(
      async ({ text, id }) => {
        const m = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
        const { svg } = await m.render(id, text);
        const out = document.getElementById('out')!;
        out.innerHTML = svg;
        const root = out.querySelector('svg')!;
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
        };
        // Node <g id="<id>-flowchart-<node>-<n>">, cluster <g class="cluster" id="<subgraph>">.
        const nodes: [string, ReturnType<typeof box>][] = [];
        for (const g of root.querySelectorAll('g.node')) {
          const match = /flowchart-(.+)-\d+$/.exec(g.id);
          if (match) nodes.push([match[1]!, box(g)]);
        }
        const clusters: [string, ReturnType<typeof box>][] = [];
        for (const g of root.querySelectorAll('g.cluster')) {
          const rect = g.querySelector('rect');
          clusters.push([g.id.replace(`${id}-`, ''), box(rect ?? g)]);
        }
        const edges = [...root.querySelectorAll('path[data-edge="true"]')].map((p) => {
          const match = /^L_(.+)_(.+)_\d+$/.exec(p.getAttribute('data-id') ?? p.id);
          return {
            start: match?.[1] ?? '?',
            end: match?.[2] ?? '?',
            invisible: p.classList.contains('edge-thickness-invisible') || (p as SVGPathElement).style.display === 'none',
          };
        });
        const error = root.getAttribute('aria-roledescription') === 'error' || svg.includes('Syntax error in text');
        return { svg, error, nodes, clusters, edges };
      },
      { text, id: `diagram${this.count}` },
    ).then((r) => ({ ...r, nodes: new Map(r.nodes), clusters: new Map(r.clusters) }));
  }

  /** Renders a flowchart and writes a PNG of exactly the diagram. */
  async png(text: string, path: string): Promise<void> {
    await this.render(text);
    await this.page.locator('#out svg').screenshot({ path, omitBackground: false });
  }

  async close(): Promise<void> {
    await this.browser.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

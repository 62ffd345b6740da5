import type { DocsData, DocsNode } from '../types.js';
import type { Route } from './router.js';
import { DocsSelection } from './selection.js';

export interface ViewContext {
  data: DocsData;
  byId: Map<string, DocsNode>;
  /** keel's DAG over the docs' nodes, built on first use (the catalog does not need it) */
  selection(): DocsSelection;
  /** handles to the live graph and chart, for scripting the page (and its browser tests) */
  handles: Record<string, unknown>;
}

export interface View {
  title: string;
  el: HTMLElement;
  /** after the element is in the document: libraries that measure their container start here */
  mounted?(): void;
  destroy?(): void;
}

export type ViewFactory = (ctx: ViewContext, route: Route) => View;

export function createContext(data: DocsData): ViewContext {
  let selection: DocsSelection | undefined;
  return {
    data,
    byId: new Map(data.nodes.map((n) => [n.id, n])),
    selection: () => (selection ??= new DocsSelection(data.nodes)),
    handles: {},
  };
}

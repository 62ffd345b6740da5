import nunjucks from 'nunjucks';
import { newCapture, withCapture, type RenderCapture } from './capture.js';
import { compileFast, type FastTemplate } from './fast/template.js';
import { toTemplateError } from './template-error.js';
import { isUndefinedOutput, undefinedOutputError } from './strict-undefined.js';

export interface RenderInput {
  file: string;
  name: string;
  raw: string;
  baseConfig: Record<string, unknown>;
  isIncremental?: boolean;
}

export interface RenderOutput {
  sql: string;
  capture: RenderCapture;
}

/**
 * Renders templates. Simple templates (text and `{{ }}` calls) skip Nunjucks' compiler, which
 * costs far more than rendering them; the rest go through Nunjucks, each distinct text compiled once.
 */
export class Renderer {
  private readonly compiled = new Map<string, nunjucks.Template>();
  private readonly globals: Record<string, unknown>;

  constructor(
    private readonly env: nunjucks.Environment,
    /** off: every template through Nunjucks (the fast path's tests compare against that) */
    private readonly fastPath = true,
  ) {
    this.globals = (env as unknown as { globals: Record<string, unknown> }).globals;
  }

  render(input: RenderInput): RenderOutput {
    const fast = this.fastTemplate(input.raw);
    if (fast) {
      const capture = this.capture(input);
      try {
        return { sql: withCapture(capture, () => fast(this.globals)), capture };
      } catch {
        // rendered again by Nunjucks below, so the error reads exactly as Nunjucks reports it
      }
    }
    const capture = this.capture(input);
    const template = this.template(input.file, input.raw);
    try {
      const sql = withCapture(capture, () => template.render({}));
      return { sql, capture };
    } catch (err) {
      if (!capture.error && isUndefinedOutput(err)) throw undefinedOutputError(err as Error, input.file, input.raw);
      throw toTemplateError(err, input.file, 'render', capture.error, input.raw);
    }
  }

  /** Whether `raw` renders without Nunjucks: then rendering is cheaper than any cache lookup. */
  isFast(raw: string): boolean {
    return this.fastTemplate(raw) !== null;
  }

  private capture(input: RenderInput): RenderCapture {
    return newCapture(input.file, input.name, input.raw, input.baseConfig, input.isIncremental ?? false);
  }

  // compiled again on each render, not kept: it costs about 10 µs, and keeping 10,000 of them
  // alive through the parse made the young-generation GC copy them (7 % of a 10,000-model compile)
  private fastTemplate(raw: string): FastTemplate | null {
    if (!this.fastPath) return null;
    return compileFast(raw) ?? null;
  }

  private template(file: string, raw: string): nunjucks.Template {
    const key = `${file}\0${raw}`;
    let t = this.compiled.get(key);
    if (!t) {
      try {
        t = new nunjucks.Template(raw, this.env, file, true);
      } catch (err) {
        throw toTemplateError(err, file, 'parse', undefined, raw);
      }
      this.compiled.set(key, t);
    }
    return t;
  }
}

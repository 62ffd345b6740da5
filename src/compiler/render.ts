import nunjucks from 'nunjucks';
import { newCapture, withCapture, type RenderCapture } from './capture.js';
import { toTemplateError } from './template-error.js';

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

/** Renders templates, compiling each distinct text once. */
export class Renderer {
  private readonly compiled = new Map<string, nunjucks.Template>();

  constructor(private readonly env: nunjucks.Environment) {}

  render(input: RenderInput): RenderOutput {
    const capture = newCapture(input.file, input.name, input.raw, input.baseConfig, input.isIncremental ?? false);
    const template = this.template(input.file, input.raw);
    try {
      const sql = withCapture(capture, () => template.render({}));
      return { sql, capture };
    } catch (err) {
      throw toTemplateError(err, input.file, 'render', capture.error);
    }
  }

  private template(file: string, raw: string): nunjucks.Template {
    const key = `${file}\0${raw}`;
    let t = this.compiled.get(key);
    if (!t) {
      try {
        t = new nunjucks.Template(raw, this.env, file, true);
      } catch (err) {
        throw toTemplateError(err, file, 'parse');
      }
      this.compiled.set(key, t);
    }
    return t;
  }
}

/** One bad input: a small project, the command run on it, and how keel must refuse it. */
export interface BadInput {
  name: string;
  /** what kind of bad input it is (the report counts classes) */
  class: string;
  /** project files by path; project.yml defaults to a minimal DuckDB project. Buffers are written as bytes. */
  files: Record<string, string | Buffer>;
  /** symlinks to create: [link path, what it points to] */
  links?: Array<[string, string]>;
  /** the command line (default: compile) */
  args?: string[];
  /** expected exit code (default 2: bad input) */
  code?: number;
  /** what the message must say (matched against stderr and stdout) */
  message: RegExp;
  /** the file the message must name, and the line when there is one */
  file?: string;
  line?: number;
}

export const PROJECT_YML = `name: t
targets:
  dev:
    type: duckdb
    path: target/t.duckdb
    schema: main
`;

export const withProjectYml = (extra: string) => `${PROJECT_YML}${extra}`;

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeelError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { FileFinder } from './discover.js';
import { parseFolderConfig } from './folder-config.js';
import type { Project, PropertiesDoc } from './project.js';
import { projectFileSchema, propertiesFileSchema, type PropertiesFile, type TargetConfig } from './schema.js';
import { validateYaml } from './validate.js';
import { parseYaml, type YamlFile } from './yaml-file.js';
import { readUtf8 } from './read-text.js';
import { checkPathFolders } from './path-folders.js';
import { checkFolderConfigPaths } from './folder-config-paths.js';

export interface LoadOptions {
  /** target name (--target); defaults to project.yml `target`, else the first target */
  target?: string;
  /** --vars overrides */
  vars?: Record<string, unknown>;
}

const defaultTarget: TargetConfig = { type: 'duckdb', path: 'target/keel.duckdb', schema: 'main' };

/** The project's settings from project.yml, without discovering or reading any other file. */
export type ProjectSettings = Omit<Project, 'modelFiles' | 'macroFiles' | 'seedFiles' | 'testFiles' | 'properties' | 'folders'>;

export function loadProjectSettings(dir: string, opts: LoadOptions = {}): ProjectSettings {
  const root = resolve(dir);
  const projectPath = join(root, 'project.yml');
  if (!existsSync(projectPath)) {
    throw new KeelError(`No project.yml in ${root}`, { hint: 'Run keel from a project directory or pass --project-dir.' });
  }
  const projectText = readUtf8(projectPath, 'project.yml');
  const yaml = parseYaml(projectText, 'project.yml');
  const file = validateYaml(projectFileSchema, yaml);
  checkPathFolders(root, yaml);

  const targets = file.targets ?? { dev: defaultTarget };
  const names = Object.keys(targets);
  const targetName = opts.target ?? file.target ?? names[0] ?? 'dev';
  const target = targets[targetName];
  if (!target) {
    const near = closestName(targetName, names);
    throw new KeelError(`Target '${targetName}' is not defined in project.yml`, {
      location: { file: 'project.yml', line: yaml.lineOf(['targets']) },
      hint: near ? `Did you mean '${near}'? Targets: ${names.join(', ')}` : `Targets: ${names.join(', ')}`,
    });
  }
  return {
    root,
    name: file.name,
    file,
    targetName,
    target,
    targetPath: join(root, file['target-path']),
    vars: { ...file.vars, ...(opts.vars ?? {}) },
    fileChecksum: createHash('sha256').update(projectText).digest('hex'),
    folderConfig: {
      models: parseFolderConfig(file.models, yaml, ['models']),
      seeds: parseFolderConfig(file.seeds, yaml, ['seeds']),
      tests: parseFolderConfig(file.tests, yaml, ['tests']),
    },
  };
}

/** The folders project.yml names for models, macros, seeds and tests, each once, without a trailing slash. */
export function projectFolderRoots(file: ProjectSettings['file']): string[] {
  return [...new Set([...file['model-paths'], ...file['macro-paths'], ...file['seed-paths'], ...file['test-paths']].map((r) => r.replace(/\/+$/, '')))];
}

/** Property files validated by an earlier load, by file and checksum of its text (kept by the compile's caches). */
export interface ParsedPropertiesCache {
  get(file: string, checksum: string): PropertiesFile | undefined;
  set(file: string, checksum: string, data: PropertiesFile): void;
}

/** A property YAML file (relative to root), validated. */
export function readPropertiesFile(root: string, rel: string, cache?: ParsedPropertiesCache): PropertiesDoc {
  return propertiesDoc(readUtf8(join(root, rel), rel), rel, cache);
}

export function propertiesDoc(text: string, rel: string, cache?: ParsedPropertiesCache): PropertiesDoc {
  const checksum = createHash('sha256').update(text).digest('hex');
  const known = cache?.get(rel, checksum);
  if (known) return { yaml: parsedOnDemand(text, rel), data: known, checksum };
  const y = parseYaml(text, rel);
  const data = validateYaml(propertiesFileSchema, y);
  cache?.set(rel, checksum, data);
  return { yaml: y, data, checksum };
}

/** The file's YAML parsed only when something asks for its raw data or a line (an error message). */
function parsedOnDemand(text: string, rel: string): YamlFile {
  let parsed: YamlFile | undefined;
  const yaml = () => (parsed ??= parseYaml(text, rel));
  return {
    file: rel,
    get data() {
      return yaml().data;
    },
    lineOf: (path) => yaml().lineOf(path),
  };
}

/** `parsedProperties`: the cache of validated property files for the project's target/, when a compile keeps one. */
export function loadProject(dir: string, opts: LoadOptions = {}, parsedProperties?: (targetPath: string) => ParsedPropertiesCache): Project {
  const settings = loadProjectSettings(dir, opts);
  const { root, file } = settings;
  const cache = parsedProperties?.(settings.targetPath);
  const files = new FileFinder(root);
  const modelFiles = files.find(file['model-paths'], ['.sql']);
  const propertyFiles = files.find([...file['model-paths'], ...file['seed-paths']], ['.yml', '.yaml']);
  const macroFiles = files.find(file['macro-paths'], ['.sql']);
  const seedFiles = files.find(file['seed-paths'], ['.csv']);
  const testFiles = files.find(file['test-paths'], ['.sql']);
  checkFolderConfigPaths(settings.folderConfig.models, 'models', file['model-paths'], files.folders);
  checkFolderConfigPaths(settings.folderConfig.seeds, 'seeds', file['seed-paths'], files.folders);
  checkFolderConfigPaths(settings.folderConfig.tests, 'tests', file['test-paths'], files.folders);
  return {
    ...settings,
    modelFiles,
    macroFiles,
    seedFiles,
    testFiles,
    properties: propertyFiles.map((rel) => readPropertiesFile(root, rel, cache)),
    folders: [...files.folders].sort(),
  };
}

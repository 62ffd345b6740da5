import { KeelError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { nodeConfigSchema, type NodeConfigInput } from './schema.js';
import type { YamlFile } from './yaml-file.js';
import { validateYaml } from './validate.js';
import { refuseUnsupported } from './unsupported-configs.js';

/** A `models:`/`seeds:` block of project.yml: `+key` entries are configs, other keys are sub-folders. */
export interface FolderConfigTree {
  config: NodeConfigInput;
  children: Map<string, FolderConfigTree>;
  /** line of this folder's key in project.yml (asked only for an error) */
  lineOf?: () => number | undefined;
}

const knownKeys = Object.keys(nodeConfigSchema.shape);

export function parseFolderConfig(raw: unknown, yaml: YamlFile, path: PropertyKey[]): FolderConfigTree {
  const tree: FolderConfigTree = { config: {}, children: new Map(), lineOf: () => yaml.lineOf(path) };
  if (raw === null || raw === undefined) return tree;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new KeelError(`${path.join('.')}: expected a mapping of folders and +configs`, {
      location: { file: yaml.file, line: yaml.lineOf(path) },
    });
  }
  const configs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('+')) {
      const name = key.slice(1);
      refuseUnsupported({ [name]: value }, { file: yaml.file, line: yaml.lineOf([...path, key]) }, `${[...path, key].join('.')}: `);
      if (!knownKeys.includes(name)) {
        const near = closestName(name, knownKeys);
        throw new KeelError(`${[...path, key].join('.')}: unknown config '${name}'`, {
          location: { file: yaml.file, line: yaml.lineOf([...path, key]) },
          hint: near ? `Did you mean '+${near}'?` : undefined,
        });
      }
      configs[name] = value;
    } else {
      tree.children.set(key, parseFolderConfig(value, yaml, [...path, key]));
    }
  }
  // one key at a time so an error points at that `+key`'s line
  for (const [name, value] of Object.entries(configs)) {
    Object.assign(tree.config, validateYaml(nodeConfigSchema, yaml, [...path, `+${name}`], { [name]: value }));
  }
  return tree;
}

/** Configs that apply to a node in `folders` (path parts below the model/seed path), outermost first. */
export function configsForFolders(tree: FolderConfigTree, folders: string[]): NodeConfigInput[] {
  const out: NodeConfigInput[] = [tree.config];
  let node: FolderConfigTree | undefined = tree;
  for (const folder of folders) {
    node = node.children.get(folder);
    if (!node) break;
    out.push(node.config);
  }
  return out;
}

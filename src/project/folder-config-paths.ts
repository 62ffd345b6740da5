import { KeelError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import type { FolderConfigTree } from './folder-config.js';

/**
 * Every sub-folder a `models:` / `seeds:` / `tests:` block of project.yml configures exists below
 * one of its paths: a misspelt folder (`stagin:`) would otherwise configure nothing, and its models
 * would build with the wrong schema or materialization without a word.
 */
export function checkFolderConfigPaths(tree: FolderConfigTree, block: string, basePaths: string[], folders: ReadonlySet<string>): void {
  const bases = basePaths.map((b) => b.replace(/\/+$/, ''));
  const visit = (node: FolderConfigTree, below: string[]) => {
    for (const [name, child] of node.children) {
      const path = [...below, name];
      const exists = bases.some((b) => folders.has(`${b}/${path.join('/')}`));
      if (!exists) {
        const siblings = [...folders]
          .flatMap((f) =>
            bases
              .map((b) => `${b}/${below.join('/')}${below.length ? '/' : ''}`)
              .filter((p) => f.startsWith(p))
              .map((p) => f.slice(p.length).split('/')[0]!),
          )
          .filter(Boolean);
        const near = closestName(name, [...new Set(siblings)]);
        throw new KeelError(`${[block, ...path].join('.')}: no folder ${bases.map((b) => `${b}/${path.join('/')}`).join(' or ')}, so this configures nothing`, {
          location: { file: 'project.yml', line: child.lineOf?.() },
          hint: near ? `Did you mean '${near}'? (keys without + are folders; configs start with +)` : 'Keys without + are folders; configs start with +.',
        });
      }
      visit(child, path);
    }
  };
  visit(tree, []);
}

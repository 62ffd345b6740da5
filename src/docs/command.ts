import { join, relative } from 'node:path';
import { loadProject, type LoadOptions } from '../project/load.js';
import { generateDocs, type GenerateOptions } from './generate.js';
import { serveDocs } from './serve.js';

export async function docsGenerateCommand(opts: GenerateOptions, out: NodeJS.WritableStream): Promise<number> {
  const r = await generateDocs(opts);
  const d = r.data;
  if (d.warehouse.message) out.write(`Note: ${d.warehouse.message}\n`);
  for (const p of [...d.funnels, ...d.segments]) if (p.message) out.write(`Note: ${p.name}: ${p.message}\n`);
  const counts = (['model', 'source', 'seed', 'test'] as const).map((k) => `${d.nodes.filter((n) => n.kind === k).length} ${k}s`).join(', ');
  out.write(
    `Docs for ${counts}${d.funnels.length ? `, ${d.funnels.length} funnels` : ''}${d.segments.length ? `, ${d.segments.length} segments` : ''} written to ${relative(process.cwd(), r.outDir) || '.'}/index.html\n`,
  );
  return 0;
}

/** Serves until SIGINT or SIGTERM, then closes the server and returns (0: stopping is the normal way out). */
export async function docsServeCommand(opts: LoadOptions & { projectDir: string; port: number }, out: NodeJS.WritableStream): Promise<number> {
  const project = loadProject(opts.projectDir, opts);
  const root = join(project.targetPath, 'docs');
  const s = await serveDocs(root, opts.port);
  out.write(`Serving ${relative(process.cwd(), root) || root} at ${s.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await s.close();
  return 0;
}

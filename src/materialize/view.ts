import { run, sideRelations, type BuildContext, type BuildResult } from './context.js';
import { dropLeftovers, swapIn } from './swap.js';

export async function buildView(ctx: BuildContext): Promise<BuildResult> {
  await dropLeftovers(ctx);
  // creating the view beside the live one checks the SQL before anything visible changes
  await run(ctx, ctx.engine.dialect.createViewAs(sideRelations(ctx.relation).tmp, ctx.sql, { config: ctx.node.config }));
  await swapIn(ctx, 'view');
  return { message: 'CREATE VIEW' };
}

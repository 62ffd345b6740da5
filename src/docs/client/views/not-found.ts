import type { ViewFactory } from '../context.js';
import { h } from '../dom.js';
import { href } from '../router.js';

export const notFound: ViewFactory = (_ctx, route) => ({
  title: 'Not found',
  el: h('section', {}, h('h1', {}, 'Not found'), h('p', {}, `Nothing at “${route.page}/${route.arg}”. `, h('a', { href: href('') }, 'Back to the catalog'))),
});

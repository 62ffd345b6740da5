import nunjucks from 'nunjucks';
// nunjucks' runtime is not in its public typings; jinja compat patches it the same way
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const runtime = (nunjucks as any).runtime as { memberLookup: (obj: unknown, key: unknown, autoescape?: boolean) => unknown };

/** Python str methods analysts call in dbt macros; nunjucks' jinja compat covers lists and dicts only. */
const STRING_MEMBERS: Record<string, (this: string, ...args: any[]) => unknown> = {
  upper() {
    return this.toUpperCase();
  },
  lower() {
    return this.toLowerCase();
  },
  strip(chars?: string) {
    return chars ? stripChars(this, chars, true, true) : this.trim();
  },
  lstrip(chars?: string) {
    return chars ? stripChars(this, chars, true, false) : this.trimStart();
  },
  rstrip(chars?: string) {
    return chars ? stripChars(this, chars, false, true) : this.trimEnd();
  },
  split(sep?: string, max?: number) {
    const parts = sep === undefined || sep === null ? this.trim().split(/\s+/).filter(Boolean) : this.split(sep);
    if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(sep ?? ' ')];
  },
  startswith(prefix: string) {
    return this.startsWith(prefix);
  },
  endswith(suffix: string) {
    return this.endsWith(suffix);
  },
  replace(from: string, to: string) {
    return this.split(from).join(to);
  },
  title() {
    return this.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
  },
  capitalize() {
    return this.charAt(0).toUpperCase() + this.slice(1).toLowerCase();
  },
  join(items: unknown[]) {
    return (items ?? []).map(String).join(this);
  },
  find(sub: string) {
    return this.indexOf(sub);
  },
  count(sub: string) {
    return sub ? this.split(sub).length - 1 : 0;
  },
  isdigit() {
    return /^\d+$/.test(this);
  },
  format(...args: unknown[]) {
    let i = 0;
    return this.replace(/\{(\d*)\}/g, (_, n: string) => String(args[n === '' ? i++ : Number(n)]));
  },
};

function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && chars.includes(s[a]!)) a++;
  while (right && b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

let installed = false;

/** Installs nunjucks' jinja compat (True/False/None, list and dict methods) plus Python string methods. Idempotent. */
export function installJinjaCompat(): void {
  if (installed) return;
  installed = true;
  nunjucks.installJinjaCompat();
  const lookup = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(obj: unknown, key: unknown, autoescape?: boolean) {
    if (typeof obj === 'string' && typeof key === 'string' && Object.hasOwn(STRING_MEMBERS, key)) {
      return STRING_MEMBERS[key]!.bind(obj);
    }
    return lookup.call(this, obj, key, autoescape);
  };
}

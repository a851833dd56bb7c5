/** Where to go after logging in: only a same-origin relative path, never another site or the login page itself. */

export const DEFAULT_NEXT_PATH = '/';

export function safeNextPath(raw: string | string[] | null | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return DEFAULT_NEXT_PATH;
  // `//host` and `/\host` are protocol-relative URLs to other origins; control characters can hide either.
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return DEFAULT_NEXT_PATH;
  if (/[\u0000-\u001f\u007f]/.test(value)) return DEFAULT_NEXT_PATH;
  const url = new URL(value, 'http://earshot.invalid');
  if (url.origin !== 'http://earshot.invalid') return DEFAULT_NEXT_PATH;
  if (url.pathname === '/login' || url.pathname.startsWith('/api/')) return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * A document's own address, kept only when it is an absolute http or https URL (a relative or
 * `javascript:` value from a page's metadata must never become a link in a reply).
 */
export function documentUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

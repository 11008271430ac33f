// Row ↔ record mapping helpers shared by the repositories.

/** Lists of codes are stored space-separated with a leading and trailing space, so `LIKE '% MLI %'` matches a whole code. */
export function encodeList(list: readonly string[]): string {
  return list.length === 0 ? '' : ` ${list.join(' ')} `;
}

export function decodeList(value: string | null | undefined): string[] {
  return value ? value.trim().split(/\s+/).filter(Boolean) : [];
}

export const bool = (v: unknown): boolean => v === 1 || v === true;
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export type Row = Record<string, unknown>;

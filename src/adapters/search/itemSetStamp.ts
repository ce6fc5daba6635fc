/**
 * The fingerprint of the items a vector index holds (ItemSetStamp): computed by SQLite over the items
 * table (STORE_STAMP_SQL) and kept current in JavaScript as the index adds and removes. Pure
 * arithmetic, no I/O; used by vectorIndex.ts (its contents), vectorCatchUp.ts (the store's side) and
 * vectorIndexFiles.ts (meta.json's `items`).
 */

/**
 * Which items an index holds: their count, the sum of their ids and the sums of two multiplicative
 * hashes of the ids. SQLite computes it in one scan of the item ids (STORE_STAMP_SQL); the index keeps
 * it current as it adds and removes. Item ids are never reused (AUTOINCREMENT), so a missing item, an
 * item another process deleted or a replaced report all change it; two different sets agreeing on all
 * four sums by chance is negligible. Each hash term is below 2^31, so the sums stay exact in a double
 * up to millions of items.
 */
export interface ItemSetStamp {
  count: number;
  idSum: number;
  hashA: number;
  hashB: number;
}

// The stamp's hashes: (id mod P) × K mod P for a prime P below 2^31 and two large multipliers, so
// consecutive ids scatter. The same formula runs in SQLite (64-bit integers: the product is below
// 2^62) and in JavaScript (mulMod keeps every intermediate exact).
const HASH_P = 2147483647;
const HASH_KA = 1583458089;
const HASH_KB = 1969212397;
export const STORE_STAMP_SQL = `
  SELECT count(*) AS count, coalesce(sum(id), 0) AS idSum,
         coalesce(sum((id % ${HASH_P}) * ${HASH_KA} % ${HASH_P}), 0) AS hashA,
         coalesce(sum((id % ${HASH_P}) * ${HASH_KB} % ${HASH_P}), 0) AS hashB
  FROM items`;

export function emptyStamp(): ItemSetStamp {
  return { count: 0, idSum: 0, hashA: 0, hashB: 0 };
}

/** Adds (sign 1) or removes (sign -1) one id's share of a stamp, in place. */
export function stampAdd(stamp: ItemSetStamp, id: number, sign: 1 | -1): void {
  const reduced = id % HASH_P;
  stamp.count += sign;
  stamp.idSum += sign * id;
  stamp.hashA += sign * mulMod(reduced, HASH_KA, HASH_P);
  stamp.hashB += sign * mulMod(reduced, HASH_KB, HASH_P);
}

export function stampOf(ids: Iterable<number>): ItemSetStamp {
  const stamp = emptyStamp();
  for (const id of ids) stampAdd(stamp, id, 1);
  return stamp;
}

export function sameStamp(a: ItemSetStamp, b: ItemSetStamp): boolean {
  return a.count === b.count && a.idSum === b.idSum && a.hashA === b.hashA && a.hashB === b.hashB;
}

export function isStamp(value: unknown): value is ItemSetStamp {
  const s = value as ItemSetStamp | null | undefined;
  return !!s && [s.count, s.idSum, s.hashA, s.hashB].every((n) => Number.isSafeInteger(n));
}

/** a × k mod p for a, k < p < 2^31, exact in doubles: k is split in 16-bit halves so no product reaches 2^53. */
function mulMod(a: number, k: number, p: number): number {
  const high = Math.floor(k / 65536);
  const low = k % 65536;
  return ((((a * high) % p) * 65536) % p + a * low) % p;
}

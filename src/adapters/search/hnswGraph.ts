/**
 * The few hnswlib-node graph operations the vector index needs beyond add/search: creating a graph
 * with this project's settings, growing it, and reading its vectors back as one matrix for exact
 * search. No files, no store: those are vectorIndexFiles.ts and vectorCatchUp.ts.
 */
import { HierarchicalNSW } from 'hnswlib-node';

/** Slots a new graph starts with when the caller does not know how many items are coming. */
export const INITIAL_CAPACITY = 1024;

/** An empty inner-product graph; deleted items' slots are reused by later adds. */
export function newGraph(dims: number, capacity: number, params: { m: number; efConstruction: number }): HierarchicalNSW {
  const index = new HierarchicalNSW('ip', dims);
  index.initIndex({
    maxElements: capacity,
    m: params.m,
    efConstruction: params.efConstruction,
    randomSeed: 100,
    allowReplaceDeleted: true,
  });
  return index;
}

/** Deleted slots are reused by adds; grow (doubling) only when live + deleted + new would not fit. */
export function makeRoomFor(index: HierarchicalNSW, adding: number): void {
  const needed = index.getCurrentCount() + adding;
  const max = index.getMaxElements();
  if (needed > max) index.resizeIndex(Math.max(needed, max * 2));
}

/** The vectors of `ids`, row by row, in one matrix (`dims` numbers a row). */
export function readMatrix(index: HierarchicalNSW, ids: number[], dims: number): Float32Array {
  const data = new Float32Array(ids.length * dims);
  ids.forEach((id, row) => data.set(index.getPoint(id), row * dims));
  return data;
}

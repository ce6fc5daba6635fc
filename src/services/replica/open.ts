/**
 * Which knowledge base a front door opens: without ZHOUBAO_DATABASE_URL exactly today's SQLite one in
 * the data directory (the zero-configuration default, nothing changes); with it, a replica of the
 * shared PostgreSQL store (migrated first, local copy caught up) — replicaKnowledgeBase.ts.
 */
import type { Config } from '../../config';
import { openKnowledgeBase, type KnowledgeBase, type OpenOptions } from '../knowledgeBase';
import { ReplicaKnowledgeBase, type ReplicaOpenOptions } from './replicaKnowledgeBase';

export type OpenedKnowledgeBase = KnowledgeBase | ReplicaKnowledgeBase;

export async function openKnowledgeBaseFor(
  config: Config,
  options: Omit<OpenOptions, 'config'> & Pick<ReplicaOpenOptions, 'pollMs' | 'listen'> = {},
): Promise<OpenedKnowledgeBase> {
  const dataDir = options.dataDir ?? config.dataDir;
  if (!config.databaseUrl) return openKnowledgeBase({ ...options, config, dataDir });
  return ReplicaKnowledgeBase.open({ ...options, config, dataDir, databaseUrl: config.databaseUrl });
}

/** The local SQLite knowledge base behind either kind: what follow-ups and the CLI's store reads use. */
export function localKnowledgeBase(kb: OpenedKnowledgeBase): KnowledgeBase {
  return kb instanceof ReplicaKnowledgeBase ? kb.local : kb;
}

/** Closes either kind, waiting for a replica's pool to end. */
export async function closeKnowledgeBase(kb: OpenedKnowledgeBase): Promise<void> {
  if (kb instanceof ReplicaKnowledgeBase) await kb.closeAsync();
  else kb.close();
}

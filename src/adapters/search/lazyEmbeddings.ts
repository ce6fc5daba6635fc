/**
 * The configured embedder, built on first use. Offline the vector index is a fallback that most
 * processes never search (vectorLeg.ts), yet building the embedder loads @langchain/core (its
 * Embeddings base class), ~50 ms of a cold `zhoubao ask`. What opening the knowledge base asks of
 * the embedder — its id, its size, whether it embeds synchronously — is known from the
 * configuration; anything else builds the real one (embedder.ts) and is handed to it.
 *
 * Adapters only: imports embedder.ts lazily (types at compile time).
 */
import type { EmbeddingsConfig, IndexEmbeddings } from './embedder';

/** The offline embedder's id and size (HashingEmbeddings with its defaults; a test checks they agree). */
export const OFFLINE_EMBEDDER = { id: 'hash-ngram-v1-128', dimensions: 128 } as const;

/** createEmbeddings(config), built when something more than its id, size or embedSync is used. */
export function lazyEmbeddings(config: EmbeddingsConfig = {}): IndexEmbeddings {
  const remote = Boolean(config.openaiApiKey && config.embeddingModel);
  let real: IndexEmbeddings | null = null;
  const build = (): IndexEmbeddings => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    real ??= (require('./embedder') as typeof import('./embedder')).createEmbeddings(config);
    return real;
  };
  // Remote: no synchronous embedding (the vector leg is a partner); its size is known after the first call.
  const known: Record<string | symbol, unknown> = remote
    ? { id: `openai:${config.embeddingModel}`, embedSync: undefined }
    : { ...OFFLINE_EMBEDDER, embedSync: (text: string) => build().embedSync!(text) };
  return new Proxy({} as IndexEmbeddings, {
    get(_, property) {
      if (!real && Object.prototype.hasOwnProperty.call(known, property)) return known[property];
      const target = build();
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has(_, property) {
      return real ? property in real : Object.prototype.hasOwnProperty.call(known, property) || property in build();
    },
  });
}

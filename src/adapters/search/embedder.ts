/**
 * Text embeddings for the vector index.
 *
 * - HashingEmbeddings: offline, no key, no download. Hashed character n-grams (CJK unigrams and
 *   bigrams, lower-cased letter words, digit groups), signed feature hashing into a fixed number of
 *   dimensions, sublinear term frequency, L2-normalised. It captures lexical overlap (including
 *   partial overlap of Chinese words), not meaning; that is what offline retrieval can do without a
 *   model, and the keyword leg remains the primary signal (see hybridRetriever.ts).
 * - OpenAICompatibleEmbeddings: any OpenAI-compatible /embeddings endpoint, used only when both an
 *   API key and OPENAI_EMBEDDING_MODEL are configured.
 *
 * Every embedder has an `id` (recorded by the vector index: a different id means rebuild).
 */
import { Embeddings } from '@langchain/core/embeddings';
import type OpenAI from 'openai';

/** What the vector index needs from an embedder. */
export type IndexEmbeddings = Embeddings & {
  /** Identifies the vector space: a different id means vectors are not comparable (rebuild) */
  readonly id: string;
  /** Known up front for local embedders; for remote ones after the first call */
  readonly dimensions?: number;
  /** Synchronous embedding, when the embedder can do it (local ones): keeps a search synchronous */
  embedSync?(text: string): Float32Array;
};

// -------------------------------------------------------------------------------------------------
// Offline hashed n-grams

export interface HashingEmbeddingsOptions {
  /**
   * Vector size. Default 128, measured with tools/bench/vectorRecall.ts: more dimensions make the
   * vectors alone better (exact search finds the source line in its top 10 for 37% / 50% / 56% of
   * queries at 100k items with 128 / 256 / 512) but not the hybrid retrieval, where this leg only
   * breaks ties (69% either way), while every dimension costs HNSW insert time (the bulk of ingest:
   * 1.2-1.6x faster at 128 than 256), index size (63 vs 114 MB at 100k) and cold-load time.
   */
  dimensions?: number;
}

export const DEFAULT_HASH_DIMENSIONS = 128;

/** Feature weights by kind: a shared bigram says more than a shared character. */
const WEIGHT = { hanUnigram: 0.5, hanBigram: 1.0, hanTrigram: 0.6, word: 1.0, digits: 0.5 } as const;
/** Distinct seeds keep a character, a bigram and a word with the same code units apart. */
const SEED = { hanUnigram: 0x811c9dc5, hanBigram: 0x01000193, hanTrigram: 0x050c5d1f, word: 0x2b992ddf, digits: 0x12345679 } as const;

const HAN = /\p{Script=Han}/u;

export class HashingEmbeddings extends Embeddings implements IndexEmbeddings {
  readonly dimensions: number;
  readonly id: string;

  constructor(options: HashingEmbeddingsOptions = {}) {
    super({});
    const dimensions = options.dimensions ?? DEFAULT_HASH_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 8) throw new Error(`HashingEmbeddings: dimensions must be an integer ≥ 8, got ${dimensions}`);
    this.dimensions = dimensions;
    this.id = `hash-ngram-v1-${dimensions}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => Array.from(this.embedSync(d)));
  }

  async embedQuery(document: string): Promise<number[]> {
    return Array.from(this.embedSync(document));
  }

  /** The embedding of `text`, synchronously (no I/O: the features are hashed locally). */
  embedSync(text: string): Float32Array {
    const counts = new Map<number, number>();
    const weights = new Map<number, number>();
    const add = (hash: number, weight: number) => {
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
      weights.set(hash, weight);
    };

    const norm = text.normalize('NFKC').toLowerCase();
    const chars = [...norm];
    let word = '';
    let wordKind: 'letters' | 'digits' | null = null;
    const flushWord = () => {
      if (word) add(hashString(word, wordKind === 'digits' ? SEED.digits : SEED.word), wordKind === 'digits' ? WEIGHT.digits : WEIGHT.word);
      word = '';
      wordKind = null;
    };
    let prevHan = -1; // code of the previous Han character in the current run, or -1
    let prevPrevHan = -1;
    for (const ch of chars) {
      const code = ch.codePointAt(0)!;
      if (HAN.test(ch)) {
        flushWord();
        add(hashCodes(SEED.hanUnigram, code), WEIGHT.hanUnigram);
        if (prevHan >= 0) add(hashCodes(SEED.hanBigram, prevHan, code), WEIGHT.hanBigram);
        if (prevPrevHan >= 0) add(hashCodes(SEED.hanTrigram, prevPrevHan, prevHan, code), WEIGHT.hanTrigram);
        prevPrevHan = prevHan;
        prevHan = code;
        continue;
      }
      prevHan = prevPrevHan = -1;
      const kind = code >= 48 && code <= 57 ? 'digits' : /[\p{L}\p{N}]/u.test(ch) ? 'letters' : null;
      if (kind !== wordKind) flushWord();
      if (kind) {
        word += ch;
        wordKind = kind;
      }
    }
    flushWord();

    const vector = new Float32Array(this.dimensions);
    for (const [hash, count] of counts) {
      const mixed = fmix32(hash);
      const index = (mixed >>> 1) % this.dimensions;
      const sign = mixed & 1 ? 1 : -1;
      vector[index] += sign * weights.get(hash)! * (1 + Math.log(count));
    }
    return l2Normalize(vector);
  }
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over code points (for n-grams, without building their strings). */
function hashCodes(seed: number, ...codes: number[]): number {
  let h = seed >>> 0;
  for (const c of codes) {
    h ^= c & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= c >>> 16;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads FNV's weak low bits before taking index and sign. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function l2Normalize<T extends Float32Array | number[]>(vector: T): T {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] *= inv;
  }
  return vector;
}

// -------------------------------------------------------------------------------------------------
// OpenAI-compatible endpoint

export interface OpenAICompatibleEmbeddingsOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  /** Inputs per request (default 64) */
  batchSize?: number;
  /** Per-request timeout (default 30 s) */
  timeoutMs?: number;
  /** Retries on 429/5xx/network errors (default 2) */
  maxRetries?: number;
}

export class OpenAICompatibleEmbeddings extends Embeddings implements IndexEmbeddings {
  readonly id: string;
  private dims: number | undefined;
  private client: OpenAI | null = null;
  private readonly batchSize: number;

  constructor(private readonly options: OpenAICompatibleEmbeddingsOptions) {
    super({ maxRetries: 0 }); // the SDK retries; retrying twice over would multiply waits
    this.id = `openai:${options.model}`;
    this.batchSize = Math.max(1, options.batchSize ?? 64);
  }

  get dimensions(): number | undefined {
    return this.dims;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += this.batchSize) {
      out.push(...(await this.embedBatch(documents.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    return (await this.embedBatch([document]))[0];
  }

  private async embedBatch(inputs: string[]): Promise<number[][]> {
    if (!inputs.length) return [];
    const client = await this.getClient();
    // Empty strings are rejected by some endpoints; a single space embeds as "nothing".
    // encoding_format 'float': the SDK otherwise asks for base64, which not every compatible server speaks.
    const response = await client.embeddings.create({ model: this.options.model, input: inputs.map((s) => s || ' '), encoding_format: 'float' });
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => l2Normalize([...d.embedding]));
    if (vectors.length !== inputs.length) throw new Error(`embedding endpoint returned ${vectors.length} vectors for ${inputs.length} inputs`);
    this.dims ??= vectors[0].length;
    return vectors;
  }

  /** The SDK is loaded on first use: requiring it costs ~100 ms that an offline process never needs. */
  private async getClient(): Promise<OpenAI> {
    if (!this.client) {
      const { default: OpenAIClient } = await import('openai');
      this.client = new OpenAIClient({
        apiKey: this.options.apiKey,
        baseURL: this.options.baseURL,
        timeout: this.options.timeoutMs ?? 30_000,
        maxRetries: this.options.maxRetries ?? 2,
      });
    }
    return this.client;
  }
}

// -------------------------------------------------------------------------------------------------

export interface EmbeddingsConfig {
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  embeddingModel?: string;
}

/**
 * The remote embedder only when both a key and OPENAI_EMBEDDING_MODEL are configured (a chat model
 * key alone must not silently send every report line to an embedding endpoint); otherwise offline hashing.
 */
export function createEmbeddings(config: EmbeddingsConfig = {}): IndexEmbeddings {
  if (config.openaiApiKey && config.embeddingModel) {
    return new OpenAICompatibleEmbeddings({ apiKey: config.openaiApiKey, model: config.embeddingModel, baseURL: config.openaiBaseUrl });
  }
  return new HashingEmbeddings();
}

/** The text embedded for an item: its section path, then its own text. */
export function itemEmbeddingText(item: { sectionPath: string[]; text: string }): string {
  return item.sectionPath.length ? `${item.sectionPath.join(' ')} ${item.text}` : item.text;
}

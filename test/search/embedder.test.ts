import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddings, HashingEmbeddings, itemEmbeddingText, OpenAICompatibleEmbeddings } from '../../src/adapters/search/embedder';
import { lazyEmbeddings } from '../../src/adapters/search/lazyEmbeddings';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('HashingEmbeddings', () => {
  const embedder = new HashingEmbeddings();

  test('vectors are deterministic, L2-normalised and of the configured size; the id names the space', () => {
    const v = embedder.embedSync('光大备份通道已提测');
    expect(v).toHaveLength(128);
    expect(dot(v, v)).toBeCloseTo(1, 5);
    expect(Array.from(embedder.embedSync('光大备份通道已提测'))).toEqual(Array.from(v));
    expect(embedder.id).toBe('hash-ngram-v1-128');
    const wide = new HashingEmbeddings({ dimensions: 512 });
    expect(wide.id).toBe('hash-ngram-v1-512');
    expect(wide.embedSync('x')).toHaveLength(512);
  });

  test('texts sharing words are closer than unrelated texts', () => {
    const query = embedder.embedSync('光大 备份通道 上线');
    const related = embedder.embedSync('定期转账：光大备份通道测试中，计划12/8上线');
    const unrelated = embedder.embedSync('账单异常恢复演练完成，补数工具线上化进度70%');
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });

  test('case and full-width letters do not matter', () => {
    expect(dot(embedder.embedSync('POS APP'), embedder.embedSync('ｐｏｓ app'))).toBeCloseTo(1, 5);
  });

  test('empty text embeds to the zero vector rather than NaN', () => {
    expect(Array.from(embedder.embedSync('')).every((x) => x === 0)).toBe(true);
  });

  test('the LangChain interface gives the same vectors', async () => {
    const [doc] = await embedder.embedDocuments(['银联无感支付']);
    expect(doc).toEqual(Array.from(embedder.embedSync('银联无感支付')));
    expect(await embedder.embedQuery('银联无感支付')).toEqual(doc);
  });

  test('an item is embedded with its section path', () => {
    expect(itemEmbeddingText({ sectionPath: ['O2 系统升级', '支付系统双活'], text: '专线已开通' })).toBe('O2 系统升级 支付系统双活 专线已开通');
    expect(itemEmbeddingText({ sectionPath: [], text: '专线已开通' })).toBe('专线已开通');
  });

  test('nonsense dimensions are refused', () => {
    expect(() => new HashingEmbeddings({ dimensions: 0 })).toThrow(/dimensions/);
  });
});

describe('createEmbeddings', () => {
  test('offline hashing unless both a key and an embedding model are configured', () => {
    expect(createEmbeddings({}).id).toBe('hash-ngram-v1-128');
    expect(createEmbeddings({ openaiApiKey: 'sk-test' }).id).toBe('hash-ngram-v1-128');
    expect(createEmbeddings({ embeddingModel: 'text-embedding-3-small' }).id).toBe('hash-ngram-v1-128');
    const remote = createEmbeddings({ openaiApiKey: 'sk-test', embeddingModel: 'text-embedding-3-small', openaiBaseUrl: 'http://127.0.0.1:1/v1' });
    expect(remote).toBeInstanceOf(OpenAICompatibleEmbeddings);
    expect(remote.id).toBe('openai:text-embedding-3-small');
    expect(remote.embedSync).toBeUndefined();
  });
});

describe('OpenAICompatibleEmbeddings against a local fake endpoint', () => {
  let server: http.Server;
  let baseURL: string;
  const requests: Array<{ input: string[]; model: string; auth: string | undefined }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { input: string[]; model: string };
        requests.push({ input: parsed.input, model: parsed.model, auth: req.headers.authorization });
        // Answer in reverse order: the client must put vectors back by index. Vector = [length, 1, 0] (unnormalised).
        const data = parsed.input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, 1, 0] })).reverse();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('documents are sent in batches, come back in input order and normalised; dimensions are learnt', async () => {
    const embedder = new OpenAICompatibleEmbeddings({ apiKey: 'sk-local', model: 'fake-embed', baseURL, batchSize: 2 });
    expect(embedder.dimensions).toBeUndefined();
    const vectors = await embedder.embedDocuments(['a', 'bbb', '', 'dddd', 'eeeee']);
    expect(requests.map((r) => r.input.length)).toEqual([2, 2, 1]);
    expect(requests[0]).toMatchObject({ model: 'fake-embed', auth: 'Bearer sk-local' });
    expect(requests[1].input).toEqual([' ', 'dddd']); // empty input sent as a space
    expect(vectors.map((v) => Math.round((v[0] / v[1]) * 10) / 10)).toEqual([1, 3, 1, 4, 5]);
    for (const v of vectors) expect(dot(v, v)).toBeCloseTo(1, 6);
    expect(embedder.dimensions).toBe(3);
    expect(await embedder.embedQuery('bbb')).toEqual(vectors[1]);
  });
});

describe('lazyEmbeddings', () => {
  test('opening the knowledge base learns the offline embedder without building it, and gets the same vectors when it is used', () => {
    const lazy = lazyEmbeddings({});
    const real = createEmbeddings({});
    expect(lazy.id).toBe(real.id);
    expect(lazy.dimensions).toBe(real.dimensions);
    expect(Array.from(lazy.embedSync!('光大备份通道上线'))).toEqual(Array.from(real.embedSync!('光大备份通道上线')));
  });

  test('with an embedding model configured it embeds nothing synchronously (the vector leg is a partner) and names the model', () => {
    const lazy = lazyEmbeddings({ openaiApiKey: 'sk-test', embeddingModel: 'text-embedding-3-small', openaiBaseUrl: 'http://127.0.0.1:1/v1' });
    expect(lazy.embedSync).toBeUndefined();
    expect(lazy.id).toBe(createEmbeddings({ openaiApiKey: 'sk-test', embeddingModel: 'text-embedding-3-small' }).id);
    expect(typeof lazy.embedQuery).toBe('function');
  });
});

/**
 * Free-form submissions: prose read into items by the model (structured output, zod-validated),
 * checked against the text and the deterministic parser, and the parser's reading whenever
 * anything is off, with a note for the submitter.
 */
import fs from 'node:fs';
import { loadPrompt, renderPrompt } from '../../src/adapters/llm/prompts';
import { STANDARD_SECTIONS, STRUCTURED_FALLBACK_NOTE } from '../../src/adapters/llm/submission';
import { FakeOpenAI, type FakeChatReply } from '../support/fakeOpenAI';
import { openTestKb } from '../support/kb';
import { openModelKb, type ModelKb } from './support';

const PROSE = '这周把光大备份通道上线了，11/23切的流量。资金安全一致性还在联调，预计12/8提测。另外退款链路改造开发完成，整体进度80%。';
const WEEK = { team: '支付中心', forceTeam: true, weekLabel: '第50周', weekNumber: 50, reportDate: '2023-12-08', submittedBy: 'U1' };

const GOOD_ITEMS = [
  { section: '本周工作', text: '把光大备份通道上线了，11/23切的流量。' },
  { section: '本周工作', text: '资金安全一致性还在联调，预计12/8提测。' },
  { section: '本周工作', text: '退款链路改造开发完成，整体进度80%。' },
];

let fake: FakeOpenAI;
let m: ModelKb;
let n = 0;

beforeAll(async () => {
  fake = await FakeOpenAI.start();
  m = await openModelKb(fake, { samples: false });
});
afterAll(async () => {
  m.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  m.logs.length = 0;
});

/** Each submission under its own team: the same text for the same week would be "unchanged". */
function ingest(text: string, reply?: FakeChatReply) {
  if (reply) fake.reply(reply);
  n += 1;
  return m.kb.ingestText(text, { ...WEEK, team: `测试组${n}`, source: `slack:D1:${n}`, freeForm: true });
}

function deterministicItems(text: string) {
  return m.kb.parse(text, WEEK).items.map((i) => i.text);
}

test('the model’s reading is stored when it passes: items with the parser’s dates, figures and statuses', async () => {
  const result = await ingest(PROSE, { kind: 'json', value: { items: GOOD_ITEMS } });
  expect(result.note).toBeUndefined();
  expect(result.parsed.items.map((i) => i.text)).toEqual(GOOD_ITEMS.map((i) => i.text));
  const [launch, testing, refund] = result.parsed.items;
  expect(launch.dates).toEqual([expect.objectContaining({ iso: '2023-11-23' })]);
  expect(testing.dates).toEqual([expect.objectContaining({ iso: '2023-12-08', planned: true })]);
  expect(refund.metrics.map((x) => x.text)).toEqual(['80%']);
  expect(result.parsed.items.every((i) => i.sectionPath[0] === '本周工作' && i.lineNo === 1)).toBe(true);
  expect(result.report).toMatchObject({ weekLabel: '第50周', itemCount: 3 });
  expect(m.logs.filter((l) => l.startsWith('llm usage'))).toEqual([expect.stringMatching(/purpose=submission .*outcome=model$/)]);
});

test('what is sent: prompts/submission.md and a strict JSON schema', async () => {
  await ingest(PROSE, { kind: 'json', value: { items: GOOD_ITEMS } });
  const [req] = fake.chatRequests();
  const expected = renderPrompt(loadPrompt('submission'), { sections: STANDARD_SECTIONS.join('、'), text: PROSE });
  expect(req.system).toBe(expected.system);
  expect(req.user).toBe(PROSE);
  expect(req.schemaName).toBe('weekly_report_items');
  expect(req.body.response_format.json_schema.strict).toBe(true);
  expect(req.body.response_format.json_schema.schema).toMatchObject({ type: 'object', required: ['items'], additionalProperties: false });
});

describe('any failure stores the parser’s reading and says so', () => {
  const cases: Array<[string, FakeChatReply, string]> = [
    ['a reworded item (a changed date)', { kind: 'json', value: { items: [GOOD_ITEMS[0], { section: '本周工作', text: '资金安全一致性还在联调，预计12/9提测。' }, GOOD_ITEMS[2]] } }, 'item_not_in_text'],
    ['an item the text does not contain', { kind: 'json', value: { items: [...GOOD_ITEMS, { section: '本周工作', text: '银联签约支付已上线' }] } }, 'item_not_in_text'],
    ['a dropped item with a figure', { kind: 'json', value: { items: GOOD_ITEMS.slice(0, 2) } }, 'figures_differ'],
    ['a section made up by the model', { kind: 'json', value: { items: GOOD_ITEMS.map((i) => ({ ...i, section: '老板交代的事' })) } }, 'section_not_in_text'],
    ['a reply that is not JSON', { content: '好的，以下是整理结果：…' }, 'invalid_structured_output'],
    ['JSON of the wrong shape', { kind: 'json', value: { items: [{ title: 'x' }] } }, 'invalid_structured_output'],
    ['a server error', { kind: 'error', status: 400 }, 'rejected'],
  ];
  test.each(cases)('%s', async (_, reply, reason) => {
    const result = await ingest(PROSE, reply);
    expect(result.note).toBe(STRUCTURED_FALLBACK_NOTE);
    expect(result.parsed.items.map((i) => i.text)).toEqual(deterministicItems(PROSE));
    expect(result.report.itemCount).toBe(deterministicItems(PROSE).length);
    expect(m.logs.find((l) => l.startsWith('llm usage'))).toContain(`reason=${reason}`);
  });
});

test('parseSubmission tells what would be stored, without storing', async () => {
  fake.reply({ kind: 'json', value: { items: GOOD_ITEMS } });
  const before = m.kb.listReports().length;
  const parsed = await m.kb.parseSubmission(PROSE, WEEK);
  expect(parsed).toMatchObject({ usedModel: true, note: null });
  expect(parsed.report.items).toHaveLength(3);
  expect(m.kb.listReports()).toHaveLength(before);
});

test('without a model, freeForm is the parser’s reading, silently', async () => {
  const { kb, dataDir } = await openTestKb({ samples: false });
  try {
    const result = await kb.ingestText(PROSE, { ...WEEK, source: 'slack:D1:offline', freeForm: true });
    expect(result.note).toBeUndefined();
    expect(result.parsed.items.map((i) => i.text)).toEqual(kb.parse(PROSE, WEEK).items.map((i) => i.text));
    expect(fake.requests).toHaveLength(0);
  } finally {
    kb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

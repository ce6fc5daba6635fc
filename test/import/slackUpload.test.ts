/**
 * Report documents shared in a Slack DM: the real Bolt app over loopback (test/slack/harness.ts), the
 * file downloaded from the Slack stand-in and turned into text like `zhoubao import` does.
 */
import { DM, USER, nextTs, sectionText, startHarness, type Harness } from '../slack/harness';
import { buildDocx, buildPdf } from './documents';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ samples: false });
});
afterAll(async () => {
  await h?.close();
});

const inThread = (ts: string) => (c: { body: Record<string, any> }) => c.body.channel === DM && c.body.thread_ts === ts;

async function share(id: string, name: string, mimetype: string, content: Buffer) {
  const file = h.fake.addFile({ id, name, mimetype, filetype: name.split('.').pop()!, content });
  const ts = nextTs();
  await h.sender.sendEvent({ type: 'message', subtype: 'file_share', text: '', files: [file], user: USER, ts, channel: DM, event_ts: ts, channel_type: 'im' });
  return { ts, reply: await h.fake.waitForCall('chat.postMessage', inThread(ts)) };
}

test('a .docx report is stored as the member’s submission, its items read from the document', async () => {
  const docx = await buildDocx([
    { heading: 2, text: '本周完成' },
    { bullet: '风控规则引擎 已上线' },
    { bullet: '商户进件审核提速 完成 70%' },
    { heading: 2, text: '下周计划' },
    { bullet: '黑名单同步 计划 12/12 提测' },
  ]);
  const { ts, reply } = await share('F0DOCX0001', '本周周报.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx);
  expect(sectionText(reply.body.blocks)).toContain('风控规则引擎 已上线');
  expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toMatchObject({ submittedBy: USER, itemCount: 3 });
});

test('a .pdf report is read too', async () => {
  const pdf = buildPdf(['## 本周完成', '- 对公开户流程线上化 已上线', '- 账户分级改造 进行中']);
  const { ts, reply } = await share('F0PDF00002', 'weekly.pdf', 'application/pdf', pdf);
  expect(sectionText(reply.body.blocks)).toContain('对公开户流程线上化');
  expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toMatchObject({ itemCount: 2 });
});

test('a corrupt .docx gets a reply that says so, and nothing is stored', async () => {
  const before = h.kb.listReports().length;
  const { ts, reply } = await share('F0DOCX0BAD', '周报.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', Buffer.from('not a zip at all'));
  expect(reply.body.text).toContain('无法读取 .docx 文件「周报.docx」');
  expect(h.kb.listReports().length).toBe(before);
  expect(h.kb.findReportBySource(`slack:${DM}:${ts}`)).toBeNull();
});

import { ConfluenceImportError, importConfluenceSpace, storageToHtml } from '../../src/adapters/import/confluence';
import { htmlToReportText } from '../../src/adapters/import/html';
import { importDocuments } from '../../src/services/import/service';
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { FakeConfluenceApi } from '../support/fakeConfluenceApi';
import { openTestKb } from '../support/kb';

const status = (title: string) =>
  `<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">${title}</ac:parameter></ac:structured-macro>`;

const task = (done: boolean, body: string, id: number) =>
  `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>${done ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${body}</ac:task-body></ac:task>`;

/** A week's page in Confluence's storage format, in the layout such pages usually have. */
function weekPage(extra = ''): string {
  return [
    '<h2>本周完成</h2>',
    '<ul><li><p>网关限流组件 <strong>已上线</strong>，峰值 QPS 提升到 1.2 万</p></li><li>日志平台迁移 完成 80%</li></ul>',
    '<h2>进展</h2>',
    '<table><colgroup><col /><col /><col /></colgroup><tbody>',
    '<tr><th><p>事项</p></th><th><p>负责人</p></th><th><p>状态</p></th></tr>',
    `<tr><td><p>证书自动续期</p></td><td><p><ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link> 孙七</p></td><td><p>${status('已完成')}</p></td></tr>`,
    `<tr><td><p>灰度发布平台</p></td><td><p>周八</p></td><td><p>${status('进行中')}</p></td></tr>`,
    '</tbody></table>',
    '<h2>下周计划</h2>',
    `<ac:task-list>${task(false, '容灾演练 计划 <time datetime="2023-11-23" /> 执行', 1)}${task(true, '压测报告评审', 2)}</ac:task-list>`,
    '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl rollout status deploy/gateway]]></ac:plain-text-body></ac:structured-macro>',
    extra,
  ].join('\n');
}

describe('Confluence storage format → report text', () => {
  const text = htmlToReportText(storageToHtml(weekPage()));

  test('headings, lists and task lists keep their shape; tables become pipe rows, one row per line', () => {
    expect(text).toContain('## 本周完成');
    expect(text).toMatch(/^- 网关限流组件 已上线，峰值 QPS 提升到 1\.2 万$/m);
    expect(text).toMatch(/^- 日志平台迁移 完成 80%$/m);
    expect(text).toMatch(/^\| 事项 \| 负责人 \| 状态 \|$/m);
    expect(text).toMatch(/^\| 证书自动续期 \| 孙七 \| 已完成 \|$/m);
    expect(text).toMatch(/^\| 灰度发布平台 \| 周八 \| 进行中 \|$/m);
    expect(text).toMatch(/^- \[ \] 容灾演练 计划 2023-11-23 执行$/m);
    expect(text).toMatch(/^- \[x\] 压测报告评审$/m);
    expect(text).toContain('```\nkubectl rollout status deploy/gateway\n```');
  });

  test('macro parameters and user ids never reach the text', () => {
    expect(text).not.toMatch(/Green|bash\n|5b10a2844c|ac:|ri:/);
  });
});

describe('Confluence space import (ConfluencePagesLoader against a loopback Confluence)', () => {
  let api: FakeConfluenceApi;
  let kb: KnowledgeBase;

  beforeEach(async () => {
    api = await new FakeConfluenceApi().start();
    ({ kb } = await openTestKb({ samples: false }));
  });
  afterEach(async () => {
    kb.close();
    await api.stop();
  });

  const load = (spaceKey = 'OPS') => importConfluenceSpace({ spaceKey, baseUrl: api.baseUrl, user: api.user, token: api.token });

  test('every page of the space is one report keyed by its page id; re-import is idempotent, an edit is a new version', async () => {
    const w46 = api.addPage('OPS', '运维平台组 第46周 2023-11-10', weekPage());
    const w47 = api.addPage('OPS', '运维平台组 第47周 2023-11-17', weekPage());
    api.addPage('OPS', '运维平台组 第48周 2023-11-24', weekPage());
    api.addPage('HR', '招聘周报 第47周 2023-11-17', weekPage());

    const first = await importDocuments(kb, await load());
    expect(first.map((r) => [r.source, r.outcome])).toEqual([
      [`confluence:${w46.id}`, 'new'],
      [`confluence:${w47.id}`, 'new'],
      [expect.stringMatching(/^confluence:\d+$/), 'new'],
    ]);
    // Three pages, two per response: the loader pages through until an empty page.
    expect(api.requests.map((r) => r.query.start)).toEqual(['0', '2', '3']);
    expect(api.requests[0].query.expand).toBe('body.storage,version');
    expect(kb.listReports().map((r) => [r.team, r.weekLabel, r.reportDate])).toEqual([
      ['运维平台组', '第46周', '2023-11-10'],
      ['运维平台组', '第47周', '2023-11-17'],
      ['运维平台组', '第48周', '2023-11-24'],
    ]);
    const report47 = kb.listReports()[1];
    const items = kb.store.getItemsForReport(report47.id).map((i) => i.text).join('\n');
    expect(items).toContain('网关限流组件 已上线');
    expect(items).toContain('容灾演练 计划 2023-11-23 执行');
    // A table row is one item, its owner from the 负责人 column; the header row is not an item.
    const rows = kb.store.getItemsForReport(report47.id).filter((i) => /证书自动续期|灰度发布平台|^事项/.test(i.text));
    expect(rows.map((i) => [i.text.slice(0, 6), i.owner])).toEqual([
      ['证书自动续期', '孙七'],
      ['灰度发布平台', '周八'],
    ]);

    expect((await importDocuments(kb, await load())).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    api.editPage(w47.id, weekPage('<ul><li>监控告警分级 已上线</li></ul>'));
    const edited = await importDocuments(kb, await load());
    expect(edited.map((r) => r.outcome)).toEqual(['unchanged', 'replaced', 'unchanged']);
    expect(kb.store.getItemsForReport(report47.id).map((i) => i.text).join('\n')).toContain('监控告警分级');
  });

  test('a page without a date in its title is dated by its last edit, with a warning', async () => {
    api.addPage('OPS', '运维平台组周报', weekPage(), '2023-11-30T02:00:00.000Z');
    const [result] = await importDocuments(kb, await load(), { team: '运维平台组' });
    expect(result.outcome).toBe('new');
    expect(result.report?.reportDate).toBe('2023-12-01');
    expect(result.warnings.join('\n')).toMatch(/最后编辑时间（2023-11-30）/);
  });

  test('wrong credentials are refused with what to check, and nothing is stored', async () => {
    api.addPage('OPS', '运维平台组 第47周 2023-11-17', weekPage());
    await expect(importConfluenceSpace({ spaceKey: 'OPS', baseUrl: api.baseUrl, user: api.user, token: 'wrong' })).rejects.toThrow(
      new ConfluenceImportError('Confluence 拒绝了凭据：请检查 CONFLUENCE_USER 和 CONFLUENCE_TOKEN（Cloud 用账号邮箱 + API token）。'),
    );
    await expect(load('OPS&limit=1')).rejects.toThrow(/不是 Confluence 空间标识/);
    expect(kb.listReports()).toEqual([]);
  });
});

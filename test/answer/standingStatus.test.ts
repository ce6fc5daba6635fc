/**
 * A status asked of an item as it stands now is answered by its newest week, when that week calls the
 * item by the same name and says what the question asks (全部, 切换) although it leaves out the detail the
 * first week named (the system migrated from); never from a later week that is about the parent release
 * rather than the asked part, and never from a later week that drops the asked word.
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

const NOW = new Date('2023-12-20T10:00:00+08:00');

describe('on data/samples (数据平台组: 调度系统迁移 over three weeks)', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    ({ kb } = await openTestKb({ now: NOW }));
  });
  afterAll(() => kb.close());

  it('the week that says all tasks moved answers, though it no longer names Airflow', () => {
    const a = kb.askSync('Airflow 任务全部切换了吗', { now: NOW });
    expect(a.found).toBe(true);
    expect(a.answer).toContain('520/520');
    expect(a.answer).not.toContain('310/520');
    expect(a.citations[0].week).toBe('第49周');
  });

  it('a part of a release (Flink 作业 under 实时数仓 v2.1) keeps its own week, not the release going live', () => {
    const a = kb.askSync('Flink 作业全部迁完了吗', { now: NOW });
    expect(a.found).toBe(true);
    expect(a.answer).toContain('20 个 Flink 作业全部迁移完成');
    expect(a.answer).not.toContain('11/30');
  });
});

describe('on invented reports', () => {
  let kb: KnowledgeBase;
  const week = (n: number, date: string, lines: string[]) =>
    [`# 基础架构组 第${n}周 ${date}`, '', '## 本周工作', ...lines.map((l) => `- ${l}`), ''].join('\n');
  beforeAll(async () => {
    let dataDir: string;
    ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
    await ingestReports(kb, dataDir, [
      ['基础架构组-第47周-2023-11-17.md', week(47, '2023-11-17', ['网关证书排期中，待排期', '压测用例全部通过'])],
      ['基础架构组-第48周-2023-11-24.md', week(48, '2023-11-24', ['网关证书：暂停，等待供应商', '监控告警全部接入值班群'])],
    ]);
  });
  afterAll(() => kb.close());

  it('a later week that drops the asked word says nothing about it: 排期 stays with the week that wrote it', () => {
    const a = kb.askSync('网关证书排期了吗', { now: NOW });
    expect(a.found).toBe(true);
    expect(a.answer).toContain('待排期');
  });
});

/**
 * What the held-out batch h977–h1026 (written by a helper who never read the answer code, run once
 * untuned) missed, each on invented reports: the asker's wording (弄到哪一步了, 多就 typed for 多久,
 * 谁在发, 往后拖了), two issues named by their days (12/1那期跟11/24那期: the newer one cited), 哪周高
 * between two named weeks, and words for a kind of thing (备胎 for 备份, 那套存储 beside the line's words).
 */
import type { KnowledgeBase } from '../../src/services/knowledgeBase';
import { ingestReports, openTestKb } from '../support/kb';

let kb: KnowledgeBase;
let dataDir: string;
const NOW = new Date('2023-12-20T10:00:00+08:00');

const REPORT = (team: string, week: number, date: string, lines: string[]) =>
  [`# ${team} 第${week}周 ${date}`, '', '## 本周工作', '', ...lines, ''].join('\n');

const MINUTES = [
  '# 会员组周会 2023w49 (12.04 ~ 12.08)',
  '',
  '> **时间**: 2023年12月8日 10:00',
  '',
  '> **ToDo**:',
  '',
  '@zhaoyi:',
  '- [x] 积分兑换页改版已于12/6上线',
  '- [ ] Rust SDK 0.3.0 发布',
  '',
  '@qianer:',
  '- [ ] 会员等级规则评审，计划12/13',
  '',
].join('\n');

beforeAll(async () => {
  ({ kb, dataDir } = await openTestKb({ samples: false, now: NOW }));
  await ingestReports(kb, dataDir, [
    [
      '票务中心-第47周-2023-11-17.md',
      REPORT('票务中心', 47, '2023-11-17', [
        '- 出票一次成功率：97.31%',
        '- 票务健康分 640分，排名第3。',
        '- 夜间对账任务耗时 140分钟。',
        '- 闸机配网：原型评审通过。',
      ]),
    ],
    [
      '票务中心-第48周-2023-11-24.md',
      REPORT('票务中心', 48, '2023-11-24', [
        '- 出票一次成功率：97.58%',
        '- 票务健康分 655分，排名第2。',
        '- 夜间对账任务耗时 121分钟。',
        '- 招商备份线路已于11/21上线，运行平稳。',
        '- 退票风控 v3 灰度：因规则回放延迟，灰度时间由11/27推迟至12/4。',
        '- 影像归档平台 OSS 容量占用 76%，需要清理。',
      ]),
    ],
    [
      '票务中心-第49周-2023-12-01.md',
      REPORT('票务中心', 49, '2023-12-01', [
        '- 出票一次成功率：97.44%',
        '- 票务健康分 668分，排名第1。',
        '- 夜间对账任务耗时 104分钟。',
        '- 闸机配网：联调完成，Demo 可演示。',
        '- 影像归档平台清理完成，OSS 容量占用降至 41%。',
      ]),
    ],
    ['会员组周会-2023w49.md', MINUTES, '会员组'],
  ]);
});
afterAll(() => {
  kb.close();
});

const ask = (q: string) => kb.askSync(q, { now: NOW });

describe("the asker's wording", () => {
  it('弄到哪一步了: the verb before 到哪一步 is not part of the subject', () => {
    const a = ask('闸机配网弄到哪一步了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('Demo 可演示');
  });

  it('要跑多就: 就 typed for 久 closing the question asks how long', () => {
    const a = ask('夜间对账任务现在要跑多就');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('104分钟');
  });

  it('谁在发: who does the release, the owner a minutes heading names', () => {
    const a = ask('Rust SDK 谁在发');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('zhaoyi');
  });

  it('为啥往后拖了: the slip and its reason', () => {
    const a = ask('退票风控 v3 灰度为啥往后拖了');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('规则回放延迟');
  });
});

describe('two named weeks', () => {
  it('12/1那期跟11/24那期比: 那期 is no part of the subject, and the newer issue is cited', () => {
    const a = ask('票务健康分12/1那期跟11/24那期比涨了多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('655');
    expect(a.answer).toContain('668');
    expect(a.answer).not.toContain('期跟');
    expect(a.citations[0].week).toBe('第49周');
  });

  it('第47周和第49周哪周高: both figures, the newer cited', () => {
    const a = ask('出票一次成功率第47周和第49周哪周高');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('97.31%');
    expect(a.answer).toContain('97.44%');
    expect(a.citations[0].week).toBe('第49周');
  });
});

describe('words for a kind of thing', () => {
  it('备胎 is 备份 (a spare)', () => {
    const a = ask('招商的备胎线路哪天上的');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('11/21');
  });

  it('那套存储: 存储 says what kind of thing, the line names it otherwise', () => {
    const a = ask('影像归档那套存储的容量占用现在多少');
    expect(a.found).toBe(true);
    expect(a.answer).toContain('41%');
  });
});

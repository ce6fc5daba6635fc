/**
 * The command line in-process (`main(argv)` with stdout/stderr captured): parse, --date, partial
 * ingest, argument errors in Chinese, caps on echoed text. test/cli/cli.test.ts keeps the spawned
 * `bin/zhoubao` runs that prove the launcher itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/kb';
import { runCli } from '../support/cli';

let dataDir: string;
let work: string;

const run = (args: string[]) => runCli(args, dataDir);

function write(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

const saved = { ...process.env };
beforeAll(() => {
  process.env.OPENAI_API_KEY = '';
  process.env.SLACK_BOT_TOKEN = '';
  process.env.ZHOUBAO_DATA_DIR = '';
});
afterAll(() => {
  process.env = saved;
});

beforeEach(() => {
  dataDir = tempDir('zhoubao-cmd-');
  work = tempDir('zhoubao-cmd-src-');
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('parse', () => {
  test('--json prints one object per week with the documented fields, and stores nothing', async () => {
    const file = write(
      'log.md',
      [
        '# 个人工作记录',
        '',
        '### 2023-11-06 --- 2023-11-10',
        '',
        '- 对账服务压测完成，TPS 达到 1200',
        '- 下周：灰度发布，预计11/15上线',
        '',
        '### 2023-11-13 --- 2023-11-17',
        '',
        '- 对账服务已于11/15上线',
        '',
      ].join('\n'),
    );
    const r = await run(['parse', file, '--team', '结算组', '--json']);
    expect(r.code).toBe(0);
    const reports = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports).toHaveLength(2);
    expect(Object.keys(reports[0]).sort()).toEqual(['date', 'items', 'period', 'team', 'warnings', 'week']);
    expect(reports[0]).toMatchObject({ team: '结算组', date: '2023-11-10', period: ['2023-11-06', '2023-11-10'] });
    expect(reports[1]).toMatchObject({ date: '2023-11-17', period: ['2023-11-13', '2023-11-17'] });
    const item = reports[1].items[0];
    expect(Object.keys(item).sort()).toEqual(['dates', 'metrics', 'owner', 'section', 'status', 'text']);
    expect(item.text).toContain('对账服务已于11/15上线');
    expect(item.dates).toContainEqual({ event: '上线', date: '2023-11-15' });
    expect(item.owner).toBeNull();
    // Nothing was stored: the store is empty.
    expect((await run(['reports', '--json'])).stdout).toBe('');
  });

  test('a report with no date anywhere is refused naming --date; --date makes it readable', async () => {
    const file = write('notes.md', '# 本周工作\n\n## 已完成\n\n1. 修复登录页样式问题\n2. 补充接口文档\n');
    const refused = await run(['parse', file, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--date');
    const dated = await run(['parse', file, '--date', '2023-11-15', '--json']);
    expect(dated.code).toBe(0);
    const report = JSON.parse(dated.stdout);
    expect(report.items.map((i: { text: string }) => i.text)).toEqual(['修复登录页样式问题', '补充接口文档']);
    // Any day of the week names the week: the report is dated within it.
    expect(report.period[0] <= '2023-11-15' && '2023-11-15' <= report.period[1]).toBe(true);
  });

  test('without --json it prints a readable preview', async () => {
    const file = write('w.md', '# 支付中心 第47周 2023-11-17\n\n## 重点工作\n\n- 光大备份通道已提测，计划11/23上线\n');
    const r = await run(['parse', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/支付中心\s+第47周\s+2023-11-17/);
    expect(r.stdout).toContain('【重点工作】');
    expect(r.stdout).toContain('光大备份通道已提测');
  });

  test('a missing file and a bad --date get clear messages', async () => {
    const missing = await run(['parse', path.join(work, 'nope.md')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
    const badDate = await run(['parse', write('a.md', '# x\n- y\n'), '--date', '2023-02-30']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--date');
    expect(badDate.stderr).toContain('用法');
  });
});

describe('ingest', () => {
  test('--date dates a report that states no date, and answers cite that week', async () => {
    const file = write('notes.md', '# 本周工作\n\n## 已完成\n\n- 星图报表平台已上线\n');
    const r = await run(['ingest', file, '--team', '数据组', '--date', '2023-11-15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^数据组\s+第\d+周\s+2023-11-1\d\s+1 items\s+new/);
    const answer = JSON.parse((await run(['ask', '星图报表平台上线了吗', '--json', '--now', '2023-11-20T10:00:00+08:00'])).stdout);
    expect(answer.found).toBe(true);
    expect(answer.citations[0].team).toBe('数据组');
  });

  test('good and missing files together: the good one is stored, the missing one named, exit says partial', async () => {
    const good = write('good.md', '# 支付中心 第50周 2023-12-08\n\n- 量子对账平台：预计12/20上线。\n');
    const r = await run(['ingest', good, path.join(work, 'missing.md')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/支付中心\s+第50周/);
    expect(r.stderr).toContain('missing.md');
    expect(r.stderr).toContain('部分导入');
    const reports = (await run(['reports', '--json'])).stdout.trim().split('\n');
    expect(reports).toHaveLength(1);
  });

  test('one file with several weeks becomes one report per week; ingesting it again is unchanged', async () => {
    const file = write(
      '工作周报.md',
      '### 2023-11-06 --- 2023-11-10\n\n- 完成风控规则引擎选型\n\n### 2023-11-13 --- 2023-11-17\n\n- 规则引擎接入灰度环境\n',
    );
    const first = await run(['ingest', file, '--team', '风控组']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(2);
    const again = await run(['ingest', file, '--team', '风控组']);
    expect(again.stdout.trim().split('\n').every((l) => l.endsWith('unchanged'))).toBe(true);
  });
});

describe('changes', () => {
  const week = (n: number, date: string, lines: string[]) => `# 支付中心 第${n}周 ${date}\n\n## 重点工作\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`;

  test('prints what changed since the week before, citing the lines; --chart writes a PNG of a moved metric', async () => {
    write('w47.md', week(47, '2023-11-17', ['光大备份通道已提测，计划11/23上线', '健康分：633分']));
    write('w48.md', week(48, '2023-11-24', ['光大备份通道已于11/23上线', '健康分：669分']));
    expect((await run(['ingest', work])).code).toBe(0);
    const chart = path.join(work, 'chart.png');
    const r = await run(['changes', '--team', '支付中心', '--chart', chart]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('第48周');
    expect(r.stdout).toContain('光大备份通道');
    expect(r.stdout).toMatch(/633.*669/);
    const png = fs.readFileSync(chart);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const json = JSON.parse((await run(['changes', '--team', '支付中心', '--json'])).stdout);
    expect(json.changes.map((c: { kind: string }) => c.kind)).toEqual(expect.arrayContaining(['launched', 'metric']));
  });

  test('a trend question prints a sparkline, and ask --chart writes its line chart', async () => {
    for (const [n, date, score] of [[47, '2023-11-17', 633], [48, '2023-11-24', 651], [49, '2023-12-01', 669]] as const) {
      write(`w${n}.md`, week(n, date, [`稳定性度量：本周健康分${score}分`]));
    }
    expect((await run(['ingest', work])).code).toBe(0);
    const chart = path.join(work, 'trend.png');
    const r = await run(['ask', '健康分趋势', '--chart', chart, '--now', '2023-12-06T10:00:00+08:00']);
    expect(r.stdout).toMatch(/633.*651.*669/);
    expect(r.stdout).toMatch(/633分 [▁-█]{3} 669分/);
    expect(fs.readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
  });

  test('a team with no reports is named, exit 1', async () => {
    const r = await run(['changes', '--team', '不存在的团队']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不存在的团队');
  });
});

describe('arguments', () => {
  test('an unknown flag is explained in Chinese with the usage line, not Node English', async () => {
    const r = await run(['ingest', 'x.md', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未知选项「--bogus」');
    expect(r.stderr).toContain('用法：zhoubao ingest');
    expect(r.stderr).not.toMatch(/Unknown option|To specify a positional/);
  });

  test('a flag without its value is explained', async () => {
    const r = await run(['ingest', 'x.md', '--team']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--team');
    expect(r.stderr).not.toMatch(/argument missing/i);
  });

  test('a missing --questions file is named, not a raw ENOENT', async () => {
    const r = await run(['ask', '--questions', path.join(work, 'none.txt'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('找不到问题文件');
    expect(r.stderr).not.toContain('ENOENT');
  });

  test('a question that starts with "-" is a question', async () => {
    const r = await run(['ask', '-5%是什么意思', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).question).toBe('-5%是什么意思');
  });
});

describe('caps on echoed text', () => {
  test('a 100,000-character line comes back cut, with a visible marker', async () => {
    const long = '超长事项' + '甲'.repeat(100_000) + '已于11/20上线';
    const file = write('long.md', `# 支付中心 第50周 2023-12-08\n\n- ${long}\n`);
    expect((await run(['ingest', file])).code).toBe(0);
    const answer = JSON.parse((await run(['ask', '超长事项什么时候上线', '--json', '--now', '2023-12-08T18:00:00+08:00'])).stdout);
    for (const c of answer.citations) expect(Array.from(c.text as string).length).toBeLessThan(600);
    expect(answer.citations[0]?.text).toContain('已截断');
  });

  test('a 10,000-character question is not echoed whole', async () => {
    const question = '某某' + '乙'.repeat(10_000);
    const r = await run(['ask', question, '--json']);
    const answer = JSON.parse(r.stdout);
    expect(answer.found).toBe(false);
    expect(Array.from(answer.answer as string).length).toBeLessThan(1000);
  });
});

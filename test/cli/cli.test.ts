/**
 * The CLI contract (bin/zhoubao): names, exit codes, output shapes. Run in-process (`main(argv)`,
 * test/support/cli.ts) on one data directory, in order: ingest, replace, ask, bad files, reindex.
 * Two cases spawn a real process on the current sources (test/support/zhoubao.js, the launcher
 * bin/zhoubao is, on src/ instead of dist/): the first ingest, proving a process's stdout and exit
 * code, and the console, which reads a real stdin. No build is needed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli';
import { SAMPLES, tempDir } from '../support/kb';

const LAUNCHER = path.join(__dirname, '..', 'support', 'zhoubao.js');
let dataDir: string;

/** `zhoubao …` as a separate process on the sources, with no model and no Slack credentials. */
function spawnZhoubao(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    input,
    env: { ...process.env, ZHOUBAO_DATA_DIR: '', OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const zhoubao = (args: string[]) => runCli(args, dataDir);

const savedEnv = { ...process.env };
beforeAll(() => {
  dataDir = tempDir('zhoubao-cli-');
  Object.assign(process.env, { ZHOUBAO_DATA_DIR: '', OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '' });
});
afterAll(() => {
  process.env = savedEnv;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('ingest prints one line per report, then unchanged on a second run', async () => {
  const first = spawnZhoubao(['ingest', SAMPLES]);
  expect(first.code).toBe(0);
  const lines = first.stdout.trim().split('\n');
  expect(lines).toHaveLength(fs.readdirSync(SAMPLES).length);
  expect(lines).toContainEqual(expect.stringMatching(/^支付中心\s+第47周\s+2023-11-17\s+\d+ items\s+new$/));
  const again = await zhoubao(['ingest', SAMPLES]);
  expect(again.stdout.trim().split('\n').every((l) => l.endsWith('unchanged'))).toBe(true);
}, 60_000);

test('a changed report for the same team and week replaces the old one', async () => {
  const dir = tempDir('zhoubao-cli-src-');
  const file = path.join(dir, 'w50.md');
  fs.writeFileSync(file, '# 支付中心 第50周 2023-12-08\n\n## 【O1 业务交付】\n\n- 量子对账平台：预计12/20上线。\n');
  expect((await zhoubao(['ingest', file])).stdout).toMatch(/第50周.*1 items\s+new/);
  fs.writeFileSync(file, '# 支付中心 第50周 2023-12-08\n\n## 【O1 业务交付】\n\n- 量子对账平台：推迟至12/27上线。\n- 星链通道：已于12/7上线。\n');
  expect((await zhoubao(['ingest', file])).stdout).toMatch(/第50周.*2 items\s+replaced/);
  const answer = JSON.parse((await zhoubao(['ask', '量子对账平台什么时候上线', '--json'])).stdout);
  expect(answer.answer).toContain('12/27');
  const reports = (await zhoubao(['reports', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(reports.filter((r) => r.team === '支付中心' && r.weekLabel === '第50周')).toHaveLength(1);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('ask --json returns the documented shape with citations', async () => {
  const r = await zhoubao(['ask', '光大备份通道什么时候上线', '--json']);
  expect(r.code).toBe(0);
  const a = JSON.parse(r.stdout);
  expect(Object.keys(a).sort()).toEqual(['answer', 'citations', 'found', 'question']);
  expect(a.found).toBe(true);
  expect(a.answer).toContain('11/23');
  expect(Object.keys(a.citations[0]).sort()).toEqual(['date', 'section', 'team', 'text', 'week']);
  expect(a.citations[0]).toMatchObject({ team: '支付中心', week: '第48周', date: '2023-11-24' });
});

test('ask prints the answer and its sources in text mode', async () => {
  const r = await zhoubao(['ask', '光大备份通道什么时候上线']);
  expect(r.stdout).toContain('已于 11/23 上线');
  expect(r.stdout).toMatch(/来源：支付中心 第48周 2023-11-24 · O1 业务交付 · ".*光大备份通道已于11\/23上线/);
});

test('ask --questions answers each line in order, one JSON object per line', async () => {
  const file = path.join(dataDir, 'questions.txt');
  fs.writeFileSync(file, '光大备份通道什么时候上线\n招商银行通道什么时候上线\n\n第47周入金有效成功率是多少\n');
  const r = await zhoubao(['ask', '--questions', file, '--json']);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(out.map((o) => o.question)).toEqual(['光大备份通道什么时候上线', '招商银行通道什么时候上线', '第47周入金有效成功率是多少']);
  expect(out.map((o) => o.found)).toEqual([true, false, true]);
  expect(out[2].answer).toContain('99.996%');
});

test('bad files are refused with a clear message and nothing is stored', async () => {
  const dir = tempDir('zhoubao-cli-bad-');
  const binary = path.join(dir, 'image.md');
  fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1, 2, 3]));
  const noTeam = path.join(dir, 'noteam.md');
  fs.writeFileSync(noTeam, '# 第50周 2023-12-08\n\n- 某事项已上线\n');
  const before = (await zhoubao(['reports', '--json'])).stdout;
  const r = await zhoubao(['ingest', binary, noTeam]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('image.md');
  expect(r.stderr).toMatch(/二进制|无法|不是/);
  expect(r.stderr).toContain('--team');
  expect((await zhoubao(['reports', '--json'])).stdout).toBe(before);
  // --team fills the gap
  expect((await zhoubao(['ingest', noTeam, '--team', '风控中心'])).stdout).toMatch(/^风控中心\s+第50周/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('reindex rebuilds the vector index from SQLite, and a deleted index is rebuilt when a question needs it', async () => {
  expect((await zhoubao(['reindex'])).stdout).toMatch(/已重建向量索引：\d+ 条/);
  fs.rmSync(path.join(dataDir, 'index'), { recursive: true, force: true });
  const r = await zhoubao(['ask', '光大备份通道什么时候上线', '--json']);
  expect(JSON.parse(r.stdout).answer).toContain('11/23');
  // Offline the index is the keyword leg's fallback (src/adapters/search/vectorLeg.ts): a question
  // with no line holding all its words loads it, rebuilt from SQLite since it is gone.
  await zhoubao(['ask', '备份链路切换', '--json']);
  expect(fs.existsSync(path.join(dataDir, 'index'))).toBe(true);
});

test('unknown commands and missing arguments get usage, not a stack trace', async () => {
  const r = await zhoubao(['frobnicate']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('未知命令');
  expect((await zhoubao(['ask'])).stderr).toContain('用法');
});

test('the console answers typed questions and stores a pasted report', () => {
  const input = ['光大备份通道什么时候上线', '/paste 支付中心', '- 星舰收单：已于12/5上线，首日交易88笔。', '/end', '星舰收单什么时候上线', '/quit', ''].join('\n');
  const c = spawnZhoubao(['start'], input);
  expect(c.code).toBe(0);
  expect(c.stdout).toContain('已于 11/23 上线');
  expect(c.stdout).toMatch(/已保存：支付中心/);
  expect(c.stdout).toContain('已于 12/5 上线');
}, 60_000);

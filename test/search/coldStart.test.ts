/**
 * A cold `zhoubao ask` (a new process, offline) loads only what answering needs: not the vector
 * index (hnswlib-node: offline it is a fallback, loaded when a question finds no line holding every
 * word), not the OpenAI SDK, not Slack. Checked on the current sources through test/support/zhoubao.js,
 * with a preloaded hook that lists the packages the process required.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openTestKb, tempDir } from '../support/kb';

const LAUNCHER = path.join(__dirname, '..', 'support', 'zhoubao.js');

/** Written next to the data: on exit, the packages (node_modules/<name>) this process loaded, one per line. */
const HOOK = `
process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
    if (m) names.add(m[1].replace(/\\\\/g, '/'));
  }
  require('fs').writeFileSync(process.env.LOADED_PACKAGES_FILE, [...names].join('\\n'));
});
`;

test('a cold offline ask answers without loading the vector index, the embedder, the OpenAI SDK, Slack or zod', async () => {
  const { kb, dataDir } = await openTestKb({ samples: true });
  kb.close();
  const dir = tempDir('zhoubao-cold-');
  try {
    const hook = path.join(dir, 'hook.js');
    const loaded = path.join(dir, 'loaded.txt');
    fs.writeFileSync(hook, HOOK);
    const env: NodeJS.ProcessEnv = { ...process.env, LOADED_PACKAGES_FILE: loaded };
    // Empty rather than unset: the CLI reads .env, which never overrides a variable that is set.
    for (const key of ['OPENAI_API_KEY', 'OPENAI_EMBEDDING_MODEL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']) env[key] = '';
    const r = spawnSync(process.execPath, ['--require', hook, LAUNCHER, 'ask', '光大备份通道什么时候上线', '--json', '--data-dir', dataDir], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ found: true });

    const packages = fs.readFileSync(loaded, 'utf8').split('\n');
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', '@node-rs/jieba']));
    for (const unused of ['hnswlib-node', 'openai', '@slack/bolt', '@slack/web-api', '@slack/socket-mode']) expect(packages).not.toContain(unused);
    // Nor the embedder's base class (@langchain/core): offline nothing is embedded for an answer the keyword leg finds.
    expect(packages).not.toContain('@langchain/core');
    // Nor zod: configuration is checked without it, and only parsing a free-form submission (llm/submission.ts) needs it.
    expect(packages).not.toContain('zod');
    expect(fs.existsSync(path.join(dataDir, 'index'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);

/** Reading Slack input: mentions, Slack's escaping, report-or-question, sub-commands, files, log redaction. */
import { LogLevel } from '@slack/bolt';
import { mayReceiveToken, rejectionReason } from '../../src/slack/files';
import { parseSubcommand } from '../../src/slack/listeners/commands/zhoubaoCommand';
import { RedactingLogger, parseLogLevel } from '../../src/slack/logger';
import { looksLikeReport, slackToPlainText, stripBotMention } from '../../src/slack/text';
import { ConversationMemory } from '../../src/slack/threadContext';

describe('stripBotMention', () => {
  test("removes the bot's mention wherever it is, keeps other people's", () => {
    expect(stripBotMention('<@UBOT1> 光大备份通道什么时候上线', 'UBOT1')).toBe('光大备份通道什么时候上线');
    expect(stripBotMention('请问 <@UBOT1|zhoubao> POS APP 呢', 'UBOT1')).toBe('请问 POS APP 呢');
    expect(stripBotMention('<@UBOT1> <@U222> 提交了吗', 'UBOT1')).toBe('<@U222> 提交了吗');
  });

  test('without the bot id removes a leading mention', () => {
    expect(stripBotMention('<@UBOT1> 进度如何')).toBe('进度如何');
  });

  test("decodes Slack's escaping and links", () => {
    expect(stripBotMention('<@UBOT1> 成功率 &gt; 99% &amp; <https://wiki.example.com/x|方案>', 'UBOT1')).toBe('成功率 > 99% & 方案');
  });
});

describe('slackToPlainText', () => {
  test('keeps a pasted report intact apart from Slack escaping', () => {
    expect(slackToPlainText('## O1\n- A &lt;-&gt; B：已于11/23上线\n• 子项')).toBe('## O1\n- A <-> B：已于11/23上线\n• 子项');
  });
});

describe('looksLikeReport', () => {
  test.each([
    ['光大备份通道什么时候上线', false],
    ['光大备份通道什么时候上线？\n还有POS APP', false],
    ['- 光大备份通道已于11/23上线\n- POS APP预计12/5上线', true],
    ['## O1 业务交付\n1. 退款链路改造：已提测', true],
    ['• 数字钱包：已上线\n• 跨境收款：方案评审', true],
    ['【重点工作】\n- 同城双活：容器化完成', true],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeReport(text)).toBe(expected);
  });
});

describe('parseSubcommand', () => {
  test.each([
    ['', 'help', ''],
    ['help', 'help', ''],
    ['ask 光大备份通道什么时候上线', 'ask', '光大备份通道什么时候上线'],
    ['问 POS APP 呢', 'ask', 'POS APP 呢'],
    ['SUBMIT', 'submit', ''],
    ['status', 'status', ''],
    ['统计', 'unknown', ''],
  ])('%j → %s', (text, name, rest) => {
    expect(parseSubcommand(text)).toMatchObject({ name, rest });
  });
});

describe('files', () => {
  test('accepts small .md/.txt text files and .docx/.pdf/.html documents only', () => {
    expect(rejectionReason({ id: 'F1', name: 'w.md', mimetype: 'text/markdown', size: 2000 })).toBeNull();
    expect(rejectionReason({ id: 'F1', name: 'w.TXT', mimetype: 'text/plain', size: 2000 })).toBeNull();
    expect(rejectionReason({ id: 'F1', name: 'w.docx', mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 2000 })).toBeNull();
    expect(rejectionReason({ id: 'F1', name: 'w.pdf', mimetype: 'application/pdf', size: 3 * 1024 * 1024 })).toBeNull();
    expect(rejectionReason({ id: 'F1', name: 'w.pdf', mimetype: 'application/pdf', size: 11 * 1024 * 1024 })).toContain('10 MB');
    expect(rejectionReason({ id: 'F1', name: 'w.xlsx', mimetype: 'application/vnd.openxmlformats', size: 2000 })).toContain('.docx');
    expect(rejectionReason({ id: 'F1', name: 'w.md', mimetype: 'image/png', size: 2000 })).toContain('不是文本文件');
    expect(rejectionReason({ id: 'F1', name: 'w.md', mimetype: 'text/markdown', size: 3 * 1024 * 1024 })).toContain('1 MB');
  });

  test('the bot token is sent only to Slack or the configured API host', () => {
    expect(mayReceiveToken('https://files.slack.com/files-pri/T1-F1/download/w.md', undefined)).toBe(true);
    expect(mayReceiveToken('http://files.slack.com/x', undefined)).toBe(false);
    expect(mayReceiveToken('https://evil.example.com/slack.com/x', undefined)).toBe(false);
    expect(mayReceiveToken('https://slack.com.evil.example/x', undefined)).toBe(false);
    expect(mayReceiveToken('http://127.0.0.1:4000/files/F1', 'http://127.0.0.1:4000/api/')).toBe(true);
    expect(mayReceiveToken('http://127.0.0.1:4001/files/F1', 'http://127.0.0.1:4000/api/')).toBe(false);
  });
});

describe('RedactingLogger', () => {
  test('masks tokens and configured secrets, honours the level', () => {
    const lines: string[] = [];
    const logger = new RedactingLogger({ level: parseLogLevel('info'), secrets: ['my-signing-secret-42'], write: (l) => lines.push(l) });
    logger.debug('not shown');
    logger.info('token xoxb-1234-5678-abcdef and xapp-1-A1-99 leaked?', { secret: 'my-signing-secret-42' });
    logger.error(new Error('bad auth for xoxp-999-888'));
    expect(lines).toHaveLength(2);
    const all = lines.join('\n');
    expect(all).not.toMatch(/xoxb-1234|xapp-1-A1|xoxp-999|my-signing-secret-42/);
    expect(all).toContain('[redacted]');
    expect(logger.getLevel()).toBe(LogLevel.INFO);
  });
});

describe('ConversationMemory', () => {
  test('keeps the last questions of a conversation for a while', () => {
    let now = new Date('2023-11-24T10:00:00+08:00');
    const memory = new ConversationMemory({ clock: () => now, ttlMs: 1000 });
    memory.remember('c1', '光大备份通道什么时候上线');
    memory.remember('c1', '那POS APP呢');
    expect(memory.recent('c1')).toEqual(['光大备份通道什么时候上线', '那POS APP呢']);
    expect(memory.recent('c2')).toEqual([]);
    now = new Date(now.getTime() + 2000);
    expect(memory.recent('c1')).toEqual([]);
  });
});

/**
 * Mentions written in a report (`<@U…>`, `<!subteam^…>`, `<#C…|…>`) show as mentions in Slack (the
 * receipt, 查看原文, the compiled report, answers) and as names in plain text; cutting long text
 * never breaks an entity; a button's value is always JSON that its handler can read.
 */
import type { Answer } from '../../src/domain/answer/model';
import type { IngestResult } from '../../src/services/knowledgeBaseTypes';
import { answerMessage, parseSourceValue } from '../../src/slack/blocks/answer';
import { markdownToMrkdwn } from '../../src/slack/blocks/compiled';
import { SLACK_LIMITS, fitButtonValue, splitText, truncate } from '../../src/slack/blocks/limits';
import { sourceLinesModal } from '../../src/slack/blocks/modals';
import { submissionReceipt } from '../../src/slack/blocks/submission';
import { mrkdwnWithMentions, renderSlackEntities, slackEntities } from '../../src/slack/entities';
import { DM, buttons, dmEvent, sectionText, startHarness, type Harness } from './harness';

const ITEM = '- 退款链路改造：<@U0OWNER01> 与 <!subteam^S0PAY0001|@pay-team> 联调 R&D 环境，<#C0PAYDEV01|pay-dev> 里同步，11/30 上线';

describe('mrkdwnWithMentions', () => {
  test('keeps person, group and channel mentions as entities and escapes everything else', () => {
    expect(mrkdwnWithMentions('<@U0OWNER01> 与 <!subteam^S0PAY0001|@pay-team> 在 <#C0PAYDEV01|pay-dev>：a<b & c>d')).toBe(
      '<@U0OWNER01> 与 <!subteam^S0PAY0001|@pay-team> 在 <#C0PAYDEV01|pay-dev>：a&lt;b &amp; c&gt;d',
    );
  });

  test('@here, @channel and @everyone from a stored report are shown as text: a report never pings a whole channel', () => {
    expect(mrkdwnWithMentions('<!here> <!channel> <!everyone|everyone>')).toBe('@here @channel @everyone');
  });

  test('a look-alike that is not an entity is escaped like any text', () => {
    expect(mrkdwnWithMentions('<@lowercase> <https://evil.example|点我>')).toBe('&lt;@lowercase&gt; &lt;https://evil.example|点我&gt;');
  });
});

describe('renderSlackEntities (export, notifications, plain text)', () => {
  test('names from the resolver; else the label Slack wrote; else the id', () => {
    const names: Record<string, string> = { U0OWNER01: '王五' };
    expect(renderSlackEntities(ITEM, (e) => names[e.id])).toBe('- 退款链路改造：@王五 与 @pay-team 联调 R&D 环境，#pay-dev 里同步，11/30 上线');
    expect(renderSlackEntities('<@U0NOBODY1> <!here>')).toBe('@U0NOBODY1 @here');
  });

  test('lists the entities so that their names can be looked up first', () => {
    expect(slackEntities(ITEM).map((e) => `${e.kind}:${e.id}`)).toEqual(['user:U0OWNER01', 'usergroup:S0PAY0001', 'channel:C0PAYDEV01']);
  });
});

describe('mentions in the Slack surfaces', () => {
  const citation = { team: '支付中心', week: '第49周', date: '2023-12-01', section: 'O1 业务交付', text: ITEM, reportId: 1, itemId: 2, lineNo: 3 };

  test('查看原文 shows the cited line with its mentions', () => {
    const answer: Answer = { question: '退款链路改造什么时候上线', found: true, answer: '预计 11/30 上线。', citations: [citation] };
    const source = parseSourceValue(buttons(answerMessage(answer).blocks).find((b) => b.action_id === 'show_source')?.value);
    const modal = sourceLinesModal(source!);
    const quoted = (modal.blocks as any[]).map((b) => b.text?.text ?? '').join('\n');
    expect(quoted).toContain('<@U0OWNER01>');
    expect(quoted).toContain('<!subteam^S0PAY0001|@pay-team>');
    expect(quoted).toContain('R&amp;D');
    expect(quoted).not.toContain('&lt;@');
  });

  test('an answer quoting a line keeps its mentions', () => {
    const answer: Answer = { question: '谁在联调', found: true, answer: '<@U0OWNER01> 在联调 R&D 环境。', citations: [citation] };
    expect(sectionText(answerMessage(answer).blocks)).toBe('<@U0OWNER01> 在联调 R&amp;D 环境。');
  });

  test('the compiled report keeps mentions in headings, bullets and lines', () => {
    const mrkdwn = markdownToMrkdwn(['# 支付中心 第49周', '## O1 <#C0PAYDEV01|pay-dev>', ITEM, '备注：<@U0OWNER01> 负责'].join('\n'));
    expect(mrkdwn).toContain('*O1 <#C0PAYDEV01|pay-dev>*');
    expect(mrkdwn).toContain('• 退款链路改造：<@U0OWNER01> 与 <!subteam^S0PAY0001|@pay-team>');
    expect(mrkdwn).toContain('备注：<@U0OWNER01> 负责');
    expect(mrkdwn).not.toContain('&lt;@');
  });

  test('the receipt lists an item with its mentions', () => {
    const result = {
      outcome: 'created',
      report: { id: 1, team: '支付中心', weekLabel: '第50周', reportDate: '2023-12-08', itemCount: 1, version: 1 },
      parsed: { warnings: [], items: [{ text: '退款链路改造：<@U0OWNER01> 负责，R&D 联调', sectionPath: ['O1 业务交付'], dates: [], metrics: [], owner: null, status: 'in_progress' }] },
    } as unknown as IngestResult;
    const text = sectionText(submissionReceipt(result).blocks);
    expect(text).toContain('退款链路改造：<@U0OWNER01> 负责，R&amp;D 联调');
  });
});

describe('a submission in Slack, end to end', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ samples: false });
  });
  afterAll(async () => {
    await h.close();
  });

  test('the receipt of a DM report shows the mentions it contains as mentions', async () => {
    // As Slack sends it: & < > escaped in the text, mentions as entities.
    const text = ['## O1 业务交付', '- 退款链路改造：<@U0OWNER01> 负责，R&amp;D 联调中，预计11/30上线', '- 对账平台：<!subteam^S0PAY0001|@pay-team> 评审通过'].join('\n');
    const event = dmEvent(h, text);
    await h.sender.sendEvent(event);
    const receipt = await h.fake.waitForCall('chat.postMessage', (c) => c.body.channel === DM && c.body.thread_ts === event.ts);
    const shown = sectionText(receipt.body.blocks);
    expect(shown).toContain('<@U0OWNER01> 负责，R&amp;D 联调中');
    expect(shown).toContain('<!subteam^S0PAY0001|@pay-team> 评审通过');
    expect(shown).not.toContain('&lt;@');
  });
});

describe('cutting text', () => {
  test('splitting never cuts inside &amp; or a mention', () => {
    for (let shift = 0; shift < 12; shift++) {
      const text = 'x'.repeat(90 + shift) + '&amp;<@U0OWNER01>' + 'y'.repeat(50);
      for (const chunk of splitText(text, 100)) {
        expect(chunk.length).toBeLessThanOrEqual(100);
        expect(chunk).not.toMatch(/&[a-z]*$|<[^>]*$/);
        expect(chunk).not.toMatch(/^[a-z]*;|^[^<]*>/);
      }
      expect(splitText(text, 100).join('')).toBe(text);
    }
  });

  test('truncating never leaves half an entity before the notice', () => {
    const text = `${'字'.repeat(95)}&amp;&lt;<@U0OWNER01> 之后`;
    for (let max = 96; max < text.length; max++) {
      const cut = truncate(text, max, '…');
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).toMatch(/^字+(&amp;|&amp;&lt;|&amp;&lt;<@U0OWNER01>|&amp;&lt;<@U0OWNER01> (之)?)?…$|^字+…$/);
    }
  });

  test('the last-resort button value is still JSON within the limit', () => {
    const huge = { q: '问'.repeat(5000), l: Array.from({ length: 300 }, (_, i) => ({ s: `来源${i}`, t: '\u0001'.repeat(400) })) };
    // A shrink that does not shrink: only the last resort can make it fit.
    const value = fitButtonValue(huge, (d) => d);
    expect(value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    const parsed = JSON.parse(value);
    expect(typeof parsed.q).toBe('string');
    expect(parsed.q.startsWith('问')).toBe(true);
    expect(Array.isArray(parsed.l)).toBe(true);
    // The caller's data is not changed.
    expect(huge.l).toHaveLength(300);
  });
});

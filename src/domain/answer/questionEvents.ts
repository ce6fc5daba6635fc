/**
 * The event a question asks about (上线, 提测, 启动 …, or a phase whose start is asked: 灰度, 联调) and
 * the words that name each; question.ts removes them from the subject.
 */

/** Canonical events and the words that name them; the first word is the canonical one. */
export const EVENT_WORDS: Array<[string, string[]]> = [
  ['上线', ['上线', '投产', '上生产', '上的生产', '发布', '发版', '发出去', '发出来', '上架', '落地', '开通', '上的线', '发的版', '上的', '上了没', '上了吗', '上没', '能上', '时候上', '哪天上', '几号上']],
  // 提的测 / 发的版: the verb split by 的 (哪天提的测), as in 上的线.
  ['提测', ['提测', '送测', '提交测试', '提的测', '转测', '交测']],
  // 全量 / 放量 are not events here: 全量同步 and 增量同步 are different items, so they stay in the subject.
  ['开放', ['开放']],
  ['评审', ['评审']],
  ['验收', ['验收']],
  ['启动', ['启动', '开始']],
  ['交付', ['交付']],
  // 完了吗 / 完没 / 弄完了: 完 completing the verb before it (K8s升级完了吗), the work's completion.
  // 做完了吗 whole: removed longest first, 完了吗 alone would leave 做 in the subject (联调做).
  ['完成', ['完成', '结束', '搞定', '做完', '弄完', '搞完', '做完了吗', '弄完了吗', '搞完了吗', '做完了没', '弄完了没', '搞完了没', '做完没', '弄完没', '搞完没', '完了吗', '完了没', '完没']],
];

/** 开放平台 / 开放 API / 开放银行 name a kind of system ("open"), not the event of opening it up. */
export const OPEN_AS_NAME = '(?!\\s*(?:平台|api|API|接口|网关|银行|能力|生态|社区|源))';

/** 续上了吗 / 补上了没 / 赶上了吗: 上 completing another verb, not 上线. */
export const NOT_AFTER_VERB = '(?<![续补跟赶接加配装写填对连用换追带关锁合马])';

/**
 * 哪天开始灰度 / 开始联调了吗 / 联调什么时候开始: the start of a phase is that phase's event, as the
 * reports date it (预计11/16开始灰度 and 11/16起灰度 are 灰度 dates; reports/dates.ts), not a 启动 date.
 * Only the phases the reports' dates are tagged with.
 */
const PHASE_STARTED = /开始(?:做|进行|搞)?(灰度|联调|部署|切换|演练)|(灰度|联调|部署|切换|演练)(?:是|从)?(?:什么时候|什么时间|哪天|何时|几号)?(?:开始|启动)/;

export function detectEvent(question: string): string | null {
  const phase = PHASE_STARTED.exec(question);
  if (phase) return phase[1] ?? phase[2];
  for (const [canonical, words] of EVENT_WORDS) {
    // 完成度 / 上线率 name a measure, not the event.
    // 冷启动 / 热启动 name a kind of start (猜你喜欢冷启动策略), not the event.
    const notKind = (w: string) => (w === '启动' ? '(?<![冷热自])' : '');
    if (words.some((w) => new RegExp(`${notKind(w)}${w.startsWith('上') ? NOT_AFTER_VERB : ''}${escapeRegExp(w)}(?![度率量数])${w === '开放' ? OPEN_AS_NAME : ''}`).test(question))) return canonical;
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * English words in a question (When does 光大备份通道 go live?, Who owns 知识库增量同步?), put into
 * Chinese question words before the offline reader reads it (question.ts). The subject is left as
 * written; a purely English question stays unread offline (the model answers English).
 */

/**
 * English question words around a Chinese subject (When does 光大备份通道 go live?) become their
 * Chinese equivalents, so the offline reader understands them; the subject is left as written.
 */
const ENGLISH_PHRASES: Array<[RegExp, string]> = [
  [/\bwho\s+(owns|is\s+responsible\s+for|is\s+in\s+charge\s+of|leads|works\s+on)\b/gi, ' 谁负责 '],
  [/\bwho\s+(finished|completed|did|built|wrote|merged|delivered)\b/gi, ' 谁完成的 '],
  [/\bwhen\s+(does|do|did|will|is|was|are)\b/gi, ' 什么时候 '],
  [/\bwhen\b/gi, ' 什么时候 '],
  [/\b(go\s+(in)?to\s+)?(gray|grey|canary)(\s+release)?\b/gi, ' 灰度 '],
  [/\b(go(es|ing)?|went|gone)\s+live\b|\bgo(es|ing)?\s+online\b|\blaunch(ed|es)?\b|\brelease(d|s)?\b|\bship(ped|s)?\b/gi, ' 上线 '],
  [/\bhow\s+(?:is|are|was)\b(.*?)\bgoing\b/gi, ' $1 进展 '],
  [/\bwhat('s|\s+is)\s+the\s+status\s+of\b|\bstatus\s+of\b|\bstatus\b|\bprogress\b/gi, ' 进展 '],
  [/\bhow\s+(many|much)\b|\bwhat('s|\s+is)\s+the\b/gi, ' 多少 '],
  [/\b(be\s+)?(tested|submitted\s+for\s+test(ing)?)\b|\b(enter|go\s+(in)?to|in)\s+test(ing)?\b/gi, ' 提测 '],
  [/\b(is\s+)?due\b/gi, ' 什么时候完成 '],
  [/\b(GA|general\s+availability)\b/g, ' 正式版 发布 '],
  [/\b(start(s|ed)?|begin(s)?|kick(s|ed)?\s+off)\b/gi, ' 启动 '],
  [/\b(cancell?ed)\b/gi, ' 取消 '],
  [/\b(paused|on\s+hold)\b/gi, ' 暂停 '],
  [/\b(review(ed)?)\b/gi, ' 评审 '],
  [/\b(migrat(e|ed|ion))\b/gi, ' 迁移 '],
  [/\b(upgrade(d|s)?)\b/gi, ' 升级 '],
  [/\b(fix(ed|es)?)\b/gi, ' 修复 '],
  [/\b(merged?)\b/gi, ' 合入 '],
  [/\bcoverage\b/gi, ' 覆盖率 '],
  [/\bsuccess\s+rate\b/gi, ' 成功率 '],
  [/\bcrash\s+rate\b/gi, ' 崩溃率 '],
  [/\baccuracy\b/gi, ' 准确率 '],
  [/\blatency\b/gi, ' 延迟 '],
  [/\bdeadline\b/gi, ' 截止日期 '],
  [/\bhow\s+far\b|\bwhere\s+(does|do|is|are)\b.*\bstand\b/gi, ' 进展 '],
  [/\bwhat\s+did\b(.*)\bdo\b/gi, ' $1 做了什么 '],
  [/\bsummar(y|ise|ize)\b/gi, ' 总结 '],
  [/\b(done|finish(ed|es)?|complete[ds]?)\b/gi, ' 完成 '],
  [/\b(delay(ed|s)?|postpone[ds]?|slip(s|ped)?)\b/gi, ' 延期 '],
  [/\b(decommission(ed)?|retired?|taken\s+offline|shut\s+down)\b/gi, ' 下线 '],
  [/\b(covered|covers?)\b/gi, ' 覆盖 '],
  [/\b(gain|improvement|increase|lift)\b/gi, ' 提升 '],
  [/\bscore\b/gi, ' 得分 '],
  [/\bpeak\b/gi, ' 峰值 '],
  [/\b(get|gets|got|been|being)\b/gi, ' '],
  [/\bthis\s+week\b/gi, ' 本周 '],
  [/\blast\s+week\b/gi, ' 上周 '],
  [/\bnext\s+week('s)?\s+plans?\b/gi, ' 下周计划 '],
  [/\b(does|do|did|will|is|are|was|were|be|been|has|have|the|a|an|of|for|to|in|on|at|by|from|with|yet|it|its|what|which|please|tell|me|about|so\s+far)\b/gi, ' '],
];

export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/**
 * Words that only frame a Chinese subject (When was the 线上 Meetup held?, ES 磁盘水位 after 日志平台扩容):
 * the verb of when-it-was names nothing (举办, 召开, 组织 alike), after / before are 之后 / 之前. Only
 * in a mixed question: an English one stays unread offline (the model answers English).
 */
const MIXED_ONLY_PHRASES: Array<[RegExp, string]> = [
  [/\b(held|hosted|took\s+place|happen(ed|s)?|organi[sz]ed)\b/gi, ' '],
  // 回归case搬完了吗: a test case, which Chinese reports write 用例 (never the English word alone: 'in case').
  [/\b(?:test\s*)?cases?\b/gi, ' 用例 '],
  [/\bafter\b/gi, ' 之后 '],
  [/\bbefore\b/gi, ' 之前 '],
];

export function translateEnglishQuestionWords(question: string): string {
  let out = question;
  for (const [pattern, zh] of [...(hasHan(question) ? MIXED_ONLY_PHRASES : []), ...ENGLISH_PHRASES]) out = out.replace(pattern, zh);
  return out.replace(/[?]/g, ' ').replace(/\s+/g, ' ').trim();
}

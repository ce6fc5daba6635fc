/**
 * Report lines written to steer a model rather than to report work. Anyone who can submit a report
 * can write one, so every line (and every heading, team name and week label, which are sent as a
 * source's header) is checked before it may be shown to a model; a line that matches is never sent.
 * The fence (evidence.ts) and the prompt's rule are the second and third lines of defence.
 *
 * Text is normalised first, so look-alike spellings match what they look like: NFKC (full-width
 * letters and punctuation, compatibility forms) and without the invisible characters that split a
 * word for a pattern but not for a reader (zero-width spaces and joiners, soft hyphens, bidi controls).
 */
import type { StoredItem } from '../../domain/records';

/** Zero-width characters, soft hyphen, Mongolian vowel separator, word joiners, BOM, and bidi controls. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

/** The text as a reader sees it: NFKC, no invisible characters, runs of white space as one space. */
export function normalizeForChecks(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ');
}

const VERB_ZH = '(?:忽略|忽视|无视|漠视|忘记|忘掉|抛开|抛弃|放弃|跳过|绕过|不要理会|不用理会|别理会|不要遵守|不必遵守|不用遵守|不再遵守|停止遵守|推翻)';
/** Which rules: a report that skips a rule says which one (跳过灰度规则), an injection says "the ones above". */
const SCOPE_ZH = '(?:你的|之前|以上|以前|上面|上述|前面|前文|前述|先前|此前|原先|原有|原来|系统|开发者|所有|全部|一切|任何)';
const MORE_SCOPE_ZH = '(?:你的|之前|以上|以前|上面|上述|前面|前文|前述|先前|此前|原先|原有|原来|系统|开发者|所有|全部|一切|任何|的|这些|其他)';
const RULES_ZH = '(?:指令|指示|提示词|提示|要求|规则|设定|约束|命令|说明|规定|限制)';

/**
 * Each pattern is something a weekly report has no reason to say. Kept narrow: ordinary lines that
 * mention 指令 (a POS terminal's 指令下发), 忽略 (证书同步被忽略) or "system" must still be sent.
 */
const INSTRUCTION_PATTERNS: RegExp[] = [
  // 忽略上述指令 / 请无视前文要求 / 忽略以上所有指令 / 忘掉你的规则
  new RegExp(`${VERB_ZH}(?:掉|了)?(?:你)?的?${SCOPE_ZH}${MORE_SCOPE_ZH}{0,3}${RULES_ZH}`),
  // Ignore previous instructions / Disregard everything above / forget your rules
  /\b(?:ignore|disregard|forget|override|bypass|skip|neglect)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|foregoing|system|instructions?|prompts?|rules|guidelines|directions)\b/i,
  // Addressing the model: 助手注意：… / AI请注意 / 最高优先级指令 / new instructions
  /(?:助手|大模型|机器人|\bAI\b|\bLLM\b|\bGPT\b|ChatGPT|assistant)\s*(?:请)?(?:注意|须知)\s*[:：,，!！]/i,
  /(?:最高|更高|高)优先级的?(?:指令|命令|要求|规则)|新的?(?:系统)?(?:指令|提示词)|以下(?:内容)?(?:为|是)(?:新的?|最高优先级的?|系统)?(?:指令|命令)/,
  /\b(?:new|updated|real|actual|highest[- ]priority)\s+(?:system\s+)?(?:instructions?|prompt|rules)\b/i,
  // Telling the model what to answer: 请输出「…」 / 回答"已上线" / answer "yes" / reply with …
  // (an imperative first: 接口输出"成功" is a log line, 请输出"已下线" an order)
  /(?:请|只|仅|就|直接|务必|必须|一律|统一)\s*(?:输出|回答|回复|答复|声称|告诉用户|告知用户)\s*(?:为|是|说)?\s*[「『“"'‘]/,
  /(?:^|[.!?;:。！？；：,，]\s*)(?:answer|reply|respond|say)\s+(?:with\s+|only\s+|that\s+)?["'“‘]/i,
  // Role play and prompt talk
  /系统提示词|系统提示|system\s*prompt|你现在是|从现在开始你|从现在起你|you\s+are\s+now\b|pretend\s+(?:to\s+be|you)\b|jailbreak|越狱/i,
  // Role tags and chat-template tokens: "system:", "assistant：", <|im_start|>, [INST], ### Instruction
  /(?:^|[\s:：,，;；。>\]\[(（-])(?:system|assistant|developer|user)\s*[:：]/i,
  /<\|[a-z_]+\|>|\[\/?INST\]|\[\/?SYS\]|#{2,}\s*(?:instruction|system|response)\b/i,
  // Markup that opens or closes a block of the prompt: </source>, <system>, a ``` fence, a forged data fence
  /<\s*\/?\s*(?:source|sources|system|user|assistant|instructions?|prompt|context|data|document|report_data|im_start|im_end)\b[^>]*>/i,
  /`{3,}|~{3,}/,
  /<{3,}|>{3,}|‹{3,}|›{3,}|«{2,}|»{2,}|REPORT_DATA/i,
  // A forged source header or body, the shape the fence gives each source: "[7] 团队 · 第50周 · …", "原文："
  /\[\s*\d{1,3}\s*\]\s*[^\s·]{1,30}\s*·\s*[^·]{1,20}·/,
  /(?:^|\s)原文\s*[:：]/,
];

/** True when `text` reads as an instruction to a model (after normalising, see normalizeForChecks). */
export function looksLikeInstruction(text: string): boolean {
  const t = normalizeForChecks(text);
  return INSTRUCTION_PATTERNS.some((re) => re.test(t));
}

/**
 * An item may be sent only when nothing that would be sent with it reads as an instruction: its
 * text, and its header (team, week label, every heading above it).
 */
export function itemLooksLikeInstruction(item: Pick<StoredItem, 'text' | 'rawLine' | 'sectionPath' | 'team' | 'weekLabel'>): boolean {
  return [item.text, item.rawLine, item.team, item.weekLabel, ...item.sectionPath].some((t) => Boolean(t) && looksLikeInstruction(t));
}

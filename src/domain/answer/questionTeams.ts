/** Which teams a question names: a known team by its name, its stem (清结算) or 清结算组, and a name shaped like an unknown team. */

export function findTeams(text: string, knownTeams: string[]): { names: string[]; matchedTexts: string[] } {
  const names: string[] = [];
  const matchedTexts: string[] = [];
  // Longest names first so 清结算中心 wins over a shorter team whose name it contains.
  const sorted = [...knownTeams].sort((a, b) => b.length - a.length);
  for (const team of sorted) {
    const variant = teamVariants(team).find((v) => text.includes(v)) ?? findTeamStem(text, team);
    if (variant && !matchedTexts.some((m) => m.includes(variant))) {
      names.push(team);
      matchedTexts.push(variant);
    }
  }
  // A short name (运维组) only where no team was named in full: 仓储组 inside 移动仓储组 is not 仓储物流组.
  let rest = text;
  for (const m of matchedTexts) rest = rest.split(m).join(' ');
  for (const team of sorted) {
    if (names.includes(team)) continue;
    const short = findShortName(rest, team, knownTeams);
    if (short) {
      names.push(team);
      matchedTexts.push(short);
      rest = rest.split(short).join(' ');
    }
  }
  return { names, matchedTexts };
}

/** What a team's name may end with besides its own words (智能客服项目组 is also 智能客服). */
const TEAM_SUFFIX = /(项目组|项目部|中心|团队|小组|组|部|部门)$/;

/** 清结算中心 is also called 清结算 or 清结算组: accept the name without its organisational suffix. */
function teamVariants(team: string): string[] {
  const variants = [team];
  const stem = team.replace(TEAM_SUFFIX, '');
  if (stem !== team && stem.length >= 2) variants.push(stem + '团队', stem + '组');
  return variants;
}

/** Characters that make a team's stem a pattern rather than plain text. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/;

/** 接下来 / 下一步 / 后续: the team's plans are asked right after its name (清结算下一步打算做啥). */
const AHEAD_WORDS = '接下来|下周|下一步|后续|下阶段';
/** What follows a team named as the one acting: 做了 / 干了 / 在忙 / 最近 / 有哪些. */
const TEAM_DID = '做了|干了|在做|在忙|忙什么|最近|这周|目前|现在|有哪些|有什么|有啥';

/**
 * What may stand just before a bare stem that names the team: no character, a non-Chinese one, the end
 * of a time word (第49周清结算…), a conjunction (A和清结算), or a verb that asks about it (问下支付…).
 * Any other Chinese character makes the stem the tail of a longer word: 银联签约支付的清算对接 is about
 * 签约支付, not 支付中心.
 */
const STEM_LEAD = '^|[^\\u4e00-\\u9fa5]|[周期月天日号年和与跟及同或问看查说讲找给让请把下]';

/** 谁 / 哪个 after a stem start the question's ask (A和清结算谁的健康分高): the stem is a whole word. */
const WHO_AFTER = '谁|哪个|哪家|哪边';

/**
 * The bare stem (清结算) names the team only when a word boundary follows: 清结算的…, 清结算谁…, not 支付机构.
 * A long stem (4+ characters: 智能客服) that opens the question names the team whatever follows
 * (智能客服压测P99延迟多少): the question starts with who it is about.
 */
function findTeamStem(text: string, team: string): string | null {
  const stem = team.replace(TEAM_SUFFIX, '');
  if (stem === team || stem.length < 2) return null;
  // Most of a company's teams are not in the question: skip building their pattern (a plain stem
  // matches only where the text holds it; a stem with pattern characters keeps its old reading).
  if (!REGEX_SYNTAX.test(stem) && !text.includes(stem)) return null;
  // …or what the team did or has (上周清结算做了什么, 清结算最近有哪些风险): a verb of reporting, not a word going on.
  const m = new RegExp(`(?<=${STEM_LEAD})${stem}(?=的|、|，|,|和|与|\\s|$|本周|上周|第|${AHEAD_WORDS}|${WHO_AFTER}|${TEAM_DID})`).exec(text);
  if (m) return m[0];
  return [...stem].length >= 4 && text.trimStart().startsWith(stem) ? stem : null;
}

/** A name shaped like a team (…中心/…团队/…部) at the start of the question or before 的, that we do not know. */
export const TEAM_LIKE = /(?:^|[，,\s])([\u4e00-\u9fa5A-Za-z]{2,8}?(?:中心|团队|小组|事业部|部门))(?=的|本周|上周|第|\s|最近|现在|目前)/;

/**
 * What may follow a team's short name that opens the question (风控接下来…, 运维最近…): a time word
 * only (数据的口径 / 质量的问题 open with a word that is not the team).
 */
const AFTER_OPENING_NAME = new RegExp(`^\\s*(?:${AHEAD_WORDS}|本周|这周|上周|最近|最新|现在|目前|第\\s*[\\d一二三四五六七八九十]+\\s*[周期])`);

/** 总结下 / 概括一下 / 说说: what is asked of the team, said before it (总结下风控第49周 opens with the team all the same). */
const ASK_BEFORE_NAME = /^\s*(?:总结|概括|汇总|说说|讲讲|介绍)(?:一下|下)?\s*/;

/**
 * 运维组 for 运维平台组, 风控 opening 风控接下来一周怎么安排 for 风控研发部: people shorten a team's
 * name to its first words. A leading part of the stem (two characters or more, shorter than the
 * stem) names the team when no other team's name starts the same way, and either a group word
 * follows it (组, 团队; not 组件 / 组织) or it opens the question (after a 总结下) before a time word.
 */
function findShortName(text: string, team: string, knownTeams: string[]): string | null {
  const stem = [...team.replace(TEAM_SUFFIX, '')];
  for (let n = stem.length - 1; n >= 2; n--) {
    const short = stem.slice(0, n).join('');
    if (!text.includes(short) || knownTeams.some((t) => t !== team && t.startsWith(short))) continue;
    const grouped = new RegExp(`${short.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?:组|团队)(?![件织合成员])`).exec(text);
    if (grouped) return grouped[0];
    const opening = text.replace(ASK_BEFORE_NAME, '');
    if (opening.startsWith(short) && AFTER_OPENING_NAME.test(opening.slice(short.length))) return short;
  }
  return null;
}

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

/**
 * The bare stem (清结算) names the team only when a word boundary follows: 清结算的…, not 支付机构.
 * A long stem (4+ characters: 智能客服) that opens the question names the team whatever follows
 * (智能客服压测P99延迟多少): the question starts with who it is about.
 */
function findTeamStem(text: string, team: string): string | null {
  const stem = team.replace(TEAM_SUFFIX, '');
  if (stem === team || stem.length < 2) return null;
  // Most of a company's teams are not in the question: skip building their pattern (a plain stem
  // matches only where the text holds it; a stem with pattern characters keeps its old reading).
  if (!REGEX_SYNTAX.test(stem) && !text.includes(stem)) return null;
  const m = new RegExp(`${stem}(?=的|、|，|,|和|与|\\s|$|本周|上周|第)`).exec(text);
  if (m) return m[0];
  return [...stem].length >= 4 && text.trimStart().startsWith(stem) ? stem : null;
}

/** A name shaped like a team (…中心/…团队/…部) at the start of the question or before 的, that we do not know. */
export const TEAM_LIKE = /(?:^|[，,\s])([\u4e00-\u9fa5A-Za-z]{2,8}?(?:中心|团队|小组|事业部|部门))(?=的|本周|上周|第|\s|最近|现在|目前)/;

/**
 * Question understanding, offline: what kind of answer is wanted (a date, a number, a status, a list),
 * for which time scope (第47周, 11月17日那周, 上周, 最新), which team, and about what subject.
 * Pure functions over the question text; resolving a scope against stored reports happens in ./scope.ts.
 */
import type { ItemStatus } from '../reports/model';

export type QuestionType = 'when' | 'metric' | 'status' | 'list' | 'summary' | 'general';

export type TimeScope =
  | { kind: 'latest' }
  | { kind: 'week'; weekNumber: number; year?: number }
  /** The report week containing a calendar date (11月17日那周) */
  | { kind: 'date'; iso: string }
  /** Relative to now: 0 = 本周, -1 = 上周, -2 = 上上周 */
  | { kind: 'relative'; offset: number }
  /** Every stored week (所有 / 历次 / 这几周 / 趋势) */
  | { kind: 'all' };

export interface QuestionAnalysis {
  question: string;
  type: QuestionType;
  scope: TimeScope;
  /** True when the scope came from the question's own words rather than the default */
  scopeExplicit: boolean;
  /** Teams named in the question (canonical names from the known list) */
  teams: string[];
  /** The canonical event asked about: 上线, 提测, 开放, 评审, 完成 ... */
  event: string | null;
  /** A status the question filters on (列出延期的事项 → delayed) */
  statusFilter: ItemStatus | null;
  /** The subject with scope, team, question and event words removed, e.g. "光大备份通道" */
  subject: string;
  /** True when the subject came from an earlier turn (那POS APP呢 keeps 'when 上线' but changes the subject) */
  inherited: boolean;
  /** The question asks whether/how a date changed (推迟过吗, 有变化吗) */
  asksChange: boolean;
  /** A team-like name in the question that is not a known team (风控中心的健康分) */
  unknownTeam: string | null;
}

/** Canonical events and the words that name them; the first word is the canonical one. */
const EVENT_WORDS: Array<[string, string[]]> = [
  ['上线', ['上线', '投产', '发布', '上架', '上的线', '上的']],
  ['提测', ['提测', '送测', '提交测试']],
  ['开放', ['开放', '放量', '全量']],
  ['评审', ['评审']],
  ['验收', ['验收']],
  ['启动', ['启动', '开始']],
  ['交付', ['交付']],
  ['完成', ['完成', '结束', '搞定', '做完']],
];

/** Questions about a date changing are answered with the date's history. */
const CHANGE_PATTERN = /(推迟|延期|延后|提前|调整|变化|变更|改期|变)(过|了)?(吗|没|么)|有(没有)?(变化|调整|推迟|延期)|哪周|哪一周/;
const WHEN_PATTERN = /什么时候|什么时间|何时|哪天|哪一天|哪日|几号|几月几[日号]|日期|时间点|多久|啥时候|when/i;
const METRIC_PATTERN = /多少|几个|几台|几次|几项|百分之|比例|比率|占比|(成功|可用|覆盖|采纳|达成|完成)率|进度|健康分|分数|得分|排名|指标数|数量|how much|how many|rate/i;
const STATUS_PATTERN = /[吗嘛]|了没|没有|是否|是不是|有没有|状态|进展|情况|怎么样|如何|到哪|进度如何|done|launched/i;
const LIST_PATTERN = /哪些|列出|列一下|有什么|有啥|都有|清单|所有.*(事项|项目|工作)|多少项|几项.*(延期|完成)|list/i;
const SUMMARY_PATTERN = /总结|概括|汇总|摘要|summar/i;

const STATUS_FILTERS: Array<[ItemStatus, RegExp]> = [
  ['delayed', /延期|推迟|延后|滞后|顺延|delay/],
  ['launched', /(已|完成)?(上线|投产)(了|的)?/],
  ['testing', /提测中|测试中|(已)?提测(了|的)?/],
  ['done', /(已)?完成(了|的)?/],
];

/** Words that carry no subject: question words, particles, politeness. Longest first. */
const FILLER_WORDS = [
  '什么时候', '什么时间', '啥时候', '几月几日', '几月几号', '哪一天', '是多少', '有多少', '怎么样', '到哪了', '到哪一步',
  '是不是', '有没有', '是否', '已经', '现在', '目前', '当前', '最新', '最近', '一下', '请问', '帮我', '告诉我', '查一下', '查查',
  '那个', '这个', '那些', '这些', '哪些', '哪天', '几号', '何时', '多少', '情况', '进展', '状态', '如何', '列出', '所有', '全部',
  '了吗', '了没', '没有', '还有', '那么', '周报', '提到', '事项', '哪一周', '哪周', '是哪天', '该项目', '这件事', '那件事', '项目', '发生过', '发生', '出现过', '出现',
];
/** Pronouns that point back at the previous question's subject. */
const PRONOUNS = /它们|它|该项|其/g;
/** Single-character particles, removed only where they cannot be part of a word (有效, 中心 must survive). */
const PARTICLES = /[吗呢吧啊呀么嘛]|的(?=\s|$)|了(?=\s|$)|^那|^是|是(?=\s|$)|的/g;

const WEEK_PATTERN = /第\s*(\d{1,2})\s*周/;
const DATE_WEEK_PATTERN = /(?:(\d{4})\s*[年\-/.])?\s*(\d{1,2})\s*(?:月|\/|-|\.)\s*(\d{1,2})\s*[日号]?\s*(?:那|这|所在的?)?\s*(?:一)?周/;
const RELATIVE_PATTERNS: Array<[RegExp, number]> = [
  [/上上周|上上星期/, -2],
  [/上周|上星期|上一周|上个星期/, -1],
  [/本周|这周|这星期|这一周|本星期/, 0],
];
const LATEST_PATTERN = /最新|现在|目前|当前|如今|至今|最近一期|latest|now/i;
const ALL_PATTERN = /所有|历次|历史|这几周|几周来|各周|每周|趋势|变化|走势|一直/;

export interface AnalyzeOptions {
  knownTeams: string[];
  /** The previous analysed question in the same conversation, for follow-ups such as 那POS APP呢 */
  previous?: QuestionAnalysis | null;
  /** Year used to complete dates like 11月17日那周 (the latest report's year) */
  referenceYear?: number;
}

export function analyzeQuestion(raw: string, options: AnalyzeOptions): QuestionAnalysis {
  const question = normalizeQuestion(raw);
  let rest = question;

  const teams = findTeams(rest, options.knownTeams);
  for (const t of teams.matchedTexts) rest = rest.split(t).join(' ');
  const teamLike = teams.names.length ? null : TEAM_LIKE.exec(' ' + rest);
  const unknownTeam = teamLike && !options.knownTeams.includes(teamLike[1]) ? teamLike[1] : null;

  const { scope, explicit, remaining } = extractScope(rest, options.referenceYear);
  rest = remaining;

  const type = detectType(question);
  const statusFilter = type === 'list' || /所有|哪些|列出/.test(question) ? detectStatusFilter(question) : null;
  const event = detectEvent(question);

  if (statusFilter) rest = rest.replace(STATUS_FILTERS.find(([s]) => s === statusFilter)![1], ' ');
  rest = removeFillers(rest);
  const subject = rest.replace(/\s+/g, ' ').trim();

  const analysis: QuestionAnalysis = {
    question,
    type,
    scope,
    scopeExplicit: explicit,
    teams: teams.names,
    event,
    statusFilter,
    subject,
    inherited: false,
    asksChange: CHANGE_PATTERN.test(question),
    unknownTeam,
  };
  return options.previous ? inheritFromPrevious(analysis, options.previous) : analysis;
}

/**
 * A follow-up keeps what it does not restate: "那POS APP呢？" after "光大备份通道什么时候上线" asks
 * when POS APP goes live; "第47周呢？" asks the same thing about another week.
 */
function inheritFromPrevious(current: QuestionAnalysis, previous: QuestionAnalysis): QuestionAnalysis {
  const looksLikeFollowUp = /^(那|那么|还有|再问|另外)|[呢]\s*[?？]?$/.test(current.question) || current.question.length <= 12;
  if (!looksLikeFollowUp) return current;
  const next = { ...current };
  if (current.type === 'general' || (current.type === 'status' && /呢\s*[?？]?$/.test(current.question) && !/[吗嘛]|是否|有没有/.test(current.question))) {
    next.type = previous.type;
  }
  if (!current.event && next.type === previous.type) next.event = previous.event;
  if (!current.scopeExplicit && previous.scopeExplicit) {
    next.scope = previous.scope;
    next.scopeExplicit = true;
  }
  if (current.teams.length === 0) next.teams = previous.teams;
  if (!current.subject) {
    next.subject = previous.subject;
    next.inherited = true;
  }
  return next;
}

export function normalizeQuestion(raw: string): string {
  return raw
    .normalize('NFKC') // full-width digits, letters and punctuation to their ASCII forms
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ') // Slack mentions
    .replace(/[\u200b\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function findTeams(text: string, knownTeams: string[]): { names: string[]; matchedTexts: string[] } {
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

/** 清结算中心 is also called 清结算 or 清结算组: accept the name without its organisational suffix. */
function teamVariants(team: string): string[] {
  const variants = [team];
  const stem = team.replace(/(中心|团队|小组|组|部|部门)$/, '');
  if (stem !== team && stem.length >= 2) variants.push(stem + '团队', stem + '组');
  return variants;
}

/** The bare stem (清结算) names the team only when a word boundary follows: 清结算的…, not 支付机构. */
function findTeamStem(text: string, team: string): string | null {
  const stem = team.replace(/(中心|团队|小组|组|部|部门)$/, '');
  if (stem === team || stem.length < 2) return null;
  const m = new RegExp(`${stem}(?=的|、|，|,|和|与|\\s|$|本周|上周|第)`).exec(text);
  return m ? m[0] : null;
}

/** A name shaped like a team (…中心/…团队/…部) at the start of the question or before 的, that we do not know. */
const TEAM_LIKE = /(?:^|[，,\s])([\u4e00-\u9fa5A-Za-z]{2,8}?(?:中心|团队|小组|事业部|部门))(?=的|本周|上周|第|\s|最近|现在|目前)/;

function extractScope(text: string, referenceYear?: number): { scope: TimeScope; explicit: boolean; remaining: string } {
  const week = WEEK_PATTERN.exec(text);
  if (week) {
    return { scope: { kind: 'week', weekNumber: Number(week[1]) }, explicit: true, remaining: text.replace(week[0], ' ') };
  }
  const dated = DATE_WEEK_PATTERN.exec(text);
  if (dated) {
    const month = Number(dated[2]);
    const day = Number(dated[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      const year = dated[1] ? Number(dated[1]) : referenceYear ?? new Date().getFullYear();
      const iso = `${year}-${pad(month)}-${pad(day)}`;
      return { scope: { kind: 'date', iso }, explicit: true, remaining: text.replace(dated[0], ' ') };
    }
  }
  for (const [pattern, offset] of RELATIVE_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return { scope: { kind: 'relative', offset }, explicit: true, remaining: text.replace(m[0], ' ') };
  }
  const all = ALL_PATTERN.exec(text);
  if (all) return { scope: { kind: 'all' }, explicit: true, remaining: text.replace(all[0], ' ') };
  const latest = LATEST_PATTERN.exec(text);
  if (latest) return { scope: { kind: 'latest' }, explicit: true, remaining: text.replace(latest[0], ' ') };
  return { scope: { kind: 'latest' }, explicit: false, remaining: text };
}

export function detectType(question: string): QuestionType {
  if (SUMMARY_PATTERN.test(question)) return 'summary';
  if (LIST_PATTERN.test(question)) return 'list';
  if (WHEN_PATTERN.test(question) || CHANGE_PATTERN.test(question)) return 'when';
  if (METRIC_PATTERN.test(question)) return 'metric';
  if (STATUS_PATTERN.test(question)) return 'status';
  return 'general';
}

export function detectEvent(question: string): string | null {
  for (const [canonical, words] of EVENT_WORDS) {
    if (words.some((w) => question.includes(w))) return canonical;
  }
  return null;
}

function detectStatusFilter(question: string): ItemStatus | null {
  for (const [status, pattern] of STATUS_FILTERS) if (pattern.test(question)) return status;
  return null;
}

/** Removes question words and particles, and the event words (they are matched separately). */
function removeFillers(text: string): string {
  let out = text.replace(/[?？!！。,，、:：;；"“”'‘’()（）\[\]【】]/g, ' ');
  out = out.replace(WHEN_PATTERN, ' ');
  for (const [, words] of EVENT_WORDS) {
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      // Keep event words that are part of a longer noun (上线率 is a metric name, not an event).
      out = out.replace(new RegExp(`${escapeRegExp(w)}(?![率量数])`, 'g'), ' ');
    }
  }
  for (const w of FILLER_WORDS) out = out.split(w).join(' ');
  out = out.replace(PARTICLES, ' ').replace(PRONOUNS, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

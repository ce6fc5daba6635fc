/**
 * Question understanding, offline: what kind of answer is wanted (a date, a number, a status, a list),
 * for which time scope (第47周, 11月17日那周, 上周, 最新), which team, and about what subject.
 * Pure functions over the question text; the time scope is read by ./questionScope.ts and the teams
 * by ./questionTeams.ts; resolving a scope against stored reports happens in ./scope.ts.
 */
import type { ItemStatus } from '../reports/model';
import { extractScope, MOVED, type TimeScope } from './questionScope';
import { detectEvent, EVENT_WORDS, NOT_AFTER_VERB, OPEN_AS_NAME } from './questionEvents';
import { findTeams, TEAM_LIKE } from './questionTeams';

export { hasHan, translateEnglishQuestionWords } from './englishWords';
export { detectEvent } from './questionEvents';

export type QuestionType =
  | 'when'
  | 'metric'
  | 'status'
  | 'list'
  /** 几个/多少项: a list, answered with its size first */
  | 'count'
  | 'summary'
  /** 谁负责X */
  | 'who'
  /** 张三负责什么 / 张三本周做了什么 / 张三下周计划 (analysis.person is set) */
  | 'person'
  /** X第N周做了什么 / 总结第N周周报: the week's report, extractive */
  | 'weekSummary'
  /** 下周计划有哪些: the latest report's plan section */
  | 'plan'
  /** 第47周和第48周相比… */
  | 'compare'
  | 'general';

export type { TimeScope };
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
  /** Every status the question names (有哪些提测或上线 → testing, launched); statusFilter is the first */
  statusFilters: ItemStatus[];
  /** The subject with scope, team, question and event words removed, e.g. "光大备份通道" */
  subject: string;
  /** True when the subject came from an earlier turn (那POS APP呢 keeps 'when 上线' but changes the subject) */
  inherited: boolean;
  /** The question asks whether/how a date changed (推迟过吗, 有变化吗) */
  asksChange: boolean;
  /** A team-like name in the question that is not a known team (风控中心的健康分) */
  unknownTeam: string | null;
  /** A person the reports name as an owner, named in the question (张三本周做了什么) */
  person: string | null;
  /** The question asks about next week's plan (下周计划, 下一步) */
  asksPlan: boolean;
  /** The status filter is negated (哪些还没完成 / 未上线的事项): the items that have not reached it */
  statusNegated?: boolean;
  /** 原来 / 最早 / 起初: the question asks about the first weeks, not the newest */
  asksEarliest?: boolean;
}

/** Questions about a date changing are answered with the date's history. */
const CHANGE_PATTERN = /(推迟|延期|延后|提前|调整|变化|变更|改期|变|往后(?:推|挪|延|拖)|推后|挪后|拖|跳票)(过|了)?(吗|没|么)|有(没有)?(变化|调整|推迟|延期|跳票)|哪周|哪一周|哪期|哪一期|(推迟|延期|延后|顺延|提前|改期?|推|延|挪|拖)(到|至)(了)?(哪|什么|几)/;
const WHEN_PATTERN = /什么时候|什么时间|何时|哪天|哪一天|哪日|几号|几月几[日号]|日期|时间点|时间节点|啥时候|啥时|多会儿|几时|(?<![耗用时])时间\s*(?:是|定在)?\s*[?？]?\s*$|when/i;
/** 多久 / 耗时 ask for a duration, a figure (切换耗时4分钟), not a date; 那几台 points at ones the asker knows of, it counts nothing. */
const METRIC_PATTERN = /(?:谁|哪个|哪家|哪边|哪方)的?更?(?:高|低|多|少|大|小|快|慢)|多久|多长时间|耗时|多少|(?<![那这])几[个台次项位家门人名条份张笔套款种批天轮集篇场分]|多[大高快低长重]|得分|百分之|比例|比率|占比|(成功|可用|覆盖|采纳|达成|完成)率|进度|健康分|分数|得分|排名|指标数|数量|how much|how many|rate/i;
const STATUS_PATTERN = /[吗嘛]|了没|(\p{Script=Han})[不没]\1|没有|是否|是不是|有没有|状态|进展|情况|怎么样|咋样|怎样了|如何|到哪|程度|地步|进度如何|顺利|[完上]没|done|launched/iu;
const LIST_PATTERN = /哪些|列出|列一下|有什么|有啥|都有|清单|所有.*(事项|项目|工作)|多少项|几项.*(延期|完成)|list/i;
const SUMMARY_PATTERN = /总结|概括|汇总|摘要|summar/i;

/** 还没完成 / 未上线 / 尚未提测: the items short of the status. */
const NEGATED_STATUS = /(?:没|未|尚未|还没|没有)有?(?:完成|上线|提测|做完|结束|搞定)/;

const STATUS_FILTERS: Array<[ItemStatus, RegExp]> = [
  ['delayed', /延期|推迟|延后|滞后|顺延|跳票|拖期|delay/],
  ['launched', /(已|完成)?(上线|投产)(了|的)?/],
  ['testing', /提测中|测试中|(已)?提测(了|的)?/],
  ['done', /(已)?完成(了|的)?/],
];

/** Words that carry no subject: question words, particles, politeness. Longest first. */
const FILLER_WORDS = [
  '是什么问题', '有什么问题', '什么问题', '什么时候', '什么时间', '啥时候', '几月几日', '几月几号', '哪一天', '是多少', '有多少', '怎么样', '到哪了', '到哪一步',
  '是不是', '有没有', '是否', '已经', '现在', '目前', '当前', '最新', '最近', '一下', '请问', '帮我', '告诉我', '查一下', '查查',
  '那个', '这个', '那些', '这些', '哪些', '哪天', '几号', '何时', '多少', '情况', '进展', '状态', '如何', '列出', '所有', '全部', '哪一期', '哪期',
  '了吗', '了没', '没有', '还有', '那么', '周报', '提到', '事项', '哪一周', '哪周', '是哪天', '该项目', '这件事', '那件事', '项目', '发生过', '发生', '出现过', '出现',
];
/** Pronouns that point back at the previous question's subject. */
const PRONOUNS = /它们|它|该项|其/g;
/** Single-character particles, removed only where they cannot be part of a word (有效, 中心 must survive). */
const PARTICLES = /[吗呢吧啊呀么嘛]|的(?=\s|$)|了(?=\s|$)|^那|^是|是(?=\s|$)|的/g;

export interface AnalyzeOptions {
  knownTeams: string[];
  /** The previous analysed question in the same conversation, for follow-ups such as 那POS APP呢 */
  previous?: QuestionAnalysis | null;
  /** Year used to complete dates like 11月17日那周 (the latest report's year; the caller's, so the domain reads no clock) */
  referenceYear: number;
  /** People the stored items name as owners, to recognise 张三 in 张三负责什么 */
  knownPeople?: string[];
  /** The asker's year (明年 is the one after it); referenceYear when not given */
  thisYear?: number;
}

/** 谁负责X, X的负责人是谁, who owns X. */
const WHO_PATTERN = /哪(?:个|位)(?:同学|同事|人)|谁?拍板|谁说了算|谁(?:来|在)?(?:搞|弄|干|整)的?|谁的活|谁接|谁带|谁在(?:调研|研究|开发|推进|处理|对接|写)|谁(?:在|来)?(?:开发|写|完成|合入|接入|推进|处理|修复|修|实现|对接|维护|搭建|跟|做|组织|引入|提交|发布|牵头|主持)的?|谁负责|谁在(负责|做|跟进?|搞|弄|管)|谁(?:在|来)(?:跑|测|盯|看|排查|查|写|改|修|弄|推|带|发(?![\u4e00-\u9fff]))|谁来(做|负责)|由谁|负责人|是谁|谁跟进|谁做的?|哪位|归谁|谁管|找谁|交给(了)?谁|谁牵头|谁主导|owner/i;
/** What a person works on: 张三负责什么, 张三本周做了什么. */
const PERSON_WORK_PATTERN = /负责(什么|哪些|啥|的)|做了(什么|哪些|啥)(?:事情?|工作|活儿?)?|干了(什么|啥|哪些)(?:事情?|活儿?)?|在做(什么|啥)|工作|忙(什么|啥)|进展|计划|做什么|完成了/;
/**
 * 下周各人打算做啥 / 接下来一周怎么安排 / 接下来要干啥 / 接下来的重点: who (各人, 大家) and which stretch (一周) may sit
 * between the time word and what is asked; they still ask for the plan.
 */
const PLAN_CORE =
  '下周(?:各人|每个人|每人|大家|各位)?(?:要)?(?:干|做|忙)(?:嘛|啥|什么)|下周(?:各人|每个人|每人|大家|各位)?(的)?(工作)?(计划|目标|安排|要做|打算|做什么|重点|工作|待办)|' +
  '接下来(?:一周|这周|两周|的)?(?:要|打算|准备)?(?:干|忙|弄|搞)(?:嘛|啥|什么)|接下来(?:一周|这周|两周|的)?(?:要做什么|要做|的计划|的安排|做什么|计划|安排|(?:怎么|如何)安排|重点|打算)|下一步(计划|工作|安排)?|后续(计划|安排)|下期(计划|目标)|下阶段(计划|目标)?';
const PLAN_PATTERN = new RegExp(PLAN_CORE);
/** A whole week's report: X第N周做了什么, 总结第N周周报, 本周有什么进展; 周会的议题 is what the meeting took up. */
const WEEK_SUMMARY_PATTERN = /做了(什么|哪些|啥)(?:事情?|工作|活儿?)?|干了(什么|啥|哪些)(?:事情?|活儿?)?|完成了(什么|哪些)|有(什么|哪些|啥)(新)?(进展|工作|内容|动态|更新|消息|亮点)|工作(内容|总结|情况)|总结|概括|汇总|摘要|概况|概要|亮点|要点|纪要|内容|(?<=周会|例会|会议)的?(?:议题|议程)|(讲|说|聊|写|定|议|讨论|商量|决定|确定|敲定)了(什么|啥|哪些)/;
/** 几个 counts items; 几个点 / 几个百分点 asks for a percentage figure. */
const COUNT_PATTERN = /(几|多少)(个|项|件|条)(?!(?:百分)?点)(?!.*(率|笔|元|万|次|台|分钟|指标))/;
const COUNTABLE = /事项|项目|工作|事件|任务|需求|延期|推迟|延后|上线|完成|重点|风险|问题|计划|目标|待办|todo/i;
/** Intent words removed from the subject: they say what kind of answer, not about what. */
const INTENT_WORDS = new RegExp(`${/(?:是|归|由)?哪(?:个|位)(?:同学|同事|人)?(?:在|来)?(?:负责|完成|开发|推进|对接|跟进?|做|搞)的?|(?:是|归|由)?哪(?:个|位)(?:同学|同事|人)|是?谁的活儿?|是?谁(?:来)?(?:接|带)(?:手|的)?|谁负责(?:推进|跟进|开发|落地|对接|实施)|谁在(?:调研|研究|开发|推进|处理|对接|写)|谁(?:在|来)(?:跑|测|盯|看|排查|查|改|弄|推|带|发(?![\u4e00-\u9fff]))|(?:由)?谁(?:来)?拍板|拍板人?|谁说了算|找谁(?:问问?|咨询|确认|了解)|是?谁(?:来|在)?(?:搞|弄|干|整)的?|是?谁(?:在|来)?(?:负责|开发|写|完成|合入|接入|推进|处理|修复|修|实现|对接|维护|搭建|跟进?|做|组织|引入|提交|发布|牵头|主持)的?|谁负责|谁在负责|谁在做|谁在跟进?|谁在(?:搞|弄|管)|谁来做|谁来负责|由谁(?:跟进|负责|主导|来做)?|归谁管?|谁管|(?:应?该|得|要)?找谁|交给了?谁了?|谁牵头|谁主导|的?owner(?:是谁)?|的?负责人(是谁|是)?|是谁|谁跟进|谁做的?|哪位|负责(什么|哪些|啥|的)|做了(什么|哪些|啥)(?:事情?|工作|活儿?)?|干了(什么|啥|哪些)(?:事情?|活儿?)?|在做(什么|啥)|忙(什么|啥)|做什么|完成了(什么|哪些)|有(什么|哪些|啥)(新)?(进展|工作|内容|动态|更新|消息)|工作(内容|总结|情况)|(讲|说|聊|写|定|议|讨论|商量|决定|确定|敲定)了(什么|啥|哪些)|总结|概括|汇总|摘要|概况|概要|亮点|要点|纪要|(?<=周报|周会|双周报|日志|期|周)的?内容|(?<=周会|例会|会议)的?(?:议题|议程)|(几|多少)(个(?:百分)?点(?![\u4e00-\u9fff])|个|项|件|条)|相比|对比|比较|有何(变化|不同)|有什么(变化|不同|区别)|变化|区别|不同|计划|(推迟|延期|延后|顺延|提前|改期?|推|延|挪|拖)(到|至)(?=了?(哪|什么|几))/.source}|${PLAN_CORE}`, 'g');

export function analyzeQuestion(raw: string, options: AnalyzeOptions): QuestionAnalysis {
  const question = normalizeQuestion(raw);
  let rest = question;

  const person = findPerson(rest, options.knownPeople ?? []);
  if (person) rest = rest.split(person).join(' ');
  const teams = findTeams(rest, options.knownTeams);
  for (const t of teams.matchedTexts) rest = rest.split(t).join(' ');
  const teamLike = teams.names.length ? null : TEAM_LIKE.exec(' ' + rest);
  const unknownTeam = teamLike && !options.knownTeams.includes(teamLike[1]) ? teamLike[1] : null;

  const { scope, explicit, remaining } = extractScope(rest, options.referenceYear);
  rest = yearsNamed(remaining, options.thisYear ?? options.referenceYear);

  let type = detectType(question);
  const counting = COUNT_PATTERN.test(question) && COUNTABLE.test(question);
  if (counting) type = 'count';
  const filtering = type === 'list' || type === 'count' || /所有|哪些|列出/.test(question);
  const statusFilters = filtering ? STATUS_FILTERS.filter(([, p]) => p.test(question)).map(([s]) => s) : [];
  const statusFilter = statusFilters[0] ?? null;
  const statusNegated = statusFilters.length > 0 && NEGATED_STATUS.test(question);
  const event = detectEvent(question);
  const asksPlan = PLAN_PATTERN.test(question);

  for (const s of statusFilters) rest = rest.replace(STATUS_FILTERS.find(([x]) => x === s)![1], ' ');
  const intentFree = rest.replace(INTENT_WORDS, ' ');
  rest = removeFillers(intentFree);
  const subject = rest.replace(/\s+/g, ' ').trim();
  type = refineType(type, { question, subject, person, asksPlan, scope, counting });

  const analysis: QuestionAnalysis = {
    question,
    type,
    scope,
    scopeExplicit: explicit,
    teams: teams.names,
    event,
    statusFilter,
    statusFilters,
    subject,
    inherited: false,
    asksChange: CHANGE_PATTERN.test(question),
    unknownTeam,
    person,
    asksPlan,
    statusNegated,
    asksEarliest: ASKS_EARLIEST.test(question) && !CHANGE_SINCE.test(question),
  };
  return options.previous ? inheritFromPrevious(analysis, options.previous) : analysis;
}

/**
 * 明年的OKR / 去年的存量: a year said relative to the asker's, as the reports write it (2024年OKR对齐).
 * 今年 is left: the reports say 年度 or 全年 for it as often (data/synonyms.txt).
 */
function yearsNamed(text: string, thisYear: number): string {
  return text.replace(/明年|来年/g, ` ${thisYear + 1}年 `).replace(/去年/g, ` ${thisYear - 1}年 `);
}

/**
 * The kinds that depend on more than one pattern: who/person/plan/week summary/compare are asked
 * with words that also make other kinds (做了什么 is a summary of a week, or of a person's week).
 */
function refineType(
  type: QuestionType,
  q: { question: string; subject: string; person: string | null; asksPlan: boolean; scope: TimeScope; counting: boolean },
): QuestionType {
  if (q.scope.kind === 'weeks' || q.scope.kind === 'lastTwo') return 'compare';
  // 这几周怎么变化 / 这几周怎么走的: a series of the figure through the weeks.
  if (q.scope.kind === 'all' && (/变化|怎么变|如何变|趋势|走势|(?:怎么|如何|咋)走/.test(q.question) || MOVED.test(q.question)) && (type === 'status' || type === 'general')) return 'metric';
  if (q.person && !q.subject && (PERSON_WORK_PATTERN.test(q.question) || q.asksPlan || type === 'general' || type === 'list' || type === 'summary' || type === 'status')) {
    return 'person';
  }
  if (WHO_PATTERN.test(q.question) && q.subject) return 'who';
  if (q.counting) return 'count';
  if (q.asksPlan && !q.subject) return 'plan';
  if (!q.subject && (WEEK_SUMMARY_PATTERN.test(q.question) || type === 'summary')) return 'weekSummary';
  return type;
}

function findPerson(text: string, people: string[]): string | null {
  // Longest first: 张三丰 before 张三. A name inside a longer run of Han characters is someone else
  // (钟白露 is not 白露) unless what precedes it is a word that ends there (的, 和, 问 …).
  for (const p of [...people].sort((a, b) => b.length - a.length)) {
    if (p.length < 2) continue;
    let at = text.indexOf(p);
    while (at >= 0) {
      const before = at > 0 ? text[at - 1] : '';
      const after = text[at + p.length] ?? '';
      // …and so is one followed by more of a name (祁远航 is not 祁远): after a name comes a verb,
      // a time word or a particle.
      // …or a time word (上一期苏晴, 第49周韩立, 本周闻达).
      // …or a time word or a team's suffix (上一期苏晴, 第49周韩立, 数据平台组韩立).
      const startsHere = !/\p{Script=Han}/u.test(before) || /[的和与跟及、问让请看期周组部]/.test(before);
      // …现在 / 手上 too (孔维现在手上在忙啥).
      const endsHere = !/\p{Script=Han}/u.test(after) || /[负做的本下上第这那在和与跟是有最近今目完写干忙参提跟主交什怎要还都哪为对去会能现手]/.test(after);
      if (startsHere && endsHere) return p;
      at = text.indexOf(p, at + 1);
    }
  }
  return null;
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
  const text = raw
    .normalize('NFKC') // full-width digits, letters and punctuation to their ASCII forms
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ') // Slack mentions
    .replace(BOT_NAME_TYPED, ' ')
    // 搞到那了 / 做到那一步了: 那 typed for 哪 (the same pinyin), as the question's last words after a work verb.
    .replace(/(?<=(?:做|搞|弄|干|进行|推进|进展)到了?)那(?=(?:一步|个阶段|儿|里)?了?\s*[?？]?\s*$)/, '哪')
    // 第46周和第48周哪周高: which of the two named weeks is ahead, the same ask as 比哪个高 (哪周 alone
    // asks when something happened); only after two things joined by 和 / 跟 / 与.
    .replace(/(?<=(?:和|跟|与|同).{1,12}?)(?<!比\s*)哪一?[周期](?:的)?更?(?=[高低多少大小快慢好差])/, '比哪个')
    // 为啥往后拖了 / 往后挪了吗: a slip said in everyday words, the 推迟 the lines write (往后 alone is no word of theirs).
    .replace(/往后(?:拖|挪|推|延)(?!迟|期|后)/g, '推迟')
    // 要跑多就 / 还要多就: 就 typed for 久 (the same pinyin) in 多久 closing the question; 多就 is no word.
    .replace(/多就(?=了?\s*[?？]?\s*$)/, '多久')
    // 二期上限了吗: 上限 (a noun, the same pinyin as 上线) taking 了吗 / 了没 is the verb 上线; a limit is
    // reached, had or set (到上限了吗, 有上限没有, 调上限了吗), never 上限'd.
    .replace(/(?<![到达超过触碰顶满有设定加调提改])上限(?=了\s*(?:吗|没有?|么|嘛)|没有?\s*[?？]?\s*$)/g, '上线')
    // 压测那快谁在跟: 快 typed for 块 (the same pinyin) in the pointer 那块 / 这块, after the subject and before
    // what is asked of it (那快速通道, 那快上线了 keep theirs).
    .replace(/(?<=[\p{Script=Han}\p{L}\p{N}])([那这])快(?=\s*(?:谁|是|进展|怎么|咋|现在|目前|呢|啥|什么|有|还|在|由|归|[?？,，]|$))/gu, '$1块')
    .replace(/[\u200b\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return withoutRequestOpening(text);
}

/**
 * The bot's name typed as text (@zhoubao, @周报助手) rather than picked as a Slack mention: it says
 * whom the question is for, never what it is about.
 */
const BOT_NAME_TYPED = /@\s*(?:zhoubao|周报)(?:[-_ ]?(?:bot|机器人|助手|小助手))?(?![a-z0-9_])/gi;

/**
 * How a request opens (帮我查下, 麻烦看一下, 老板问, 我想知道): who asks and that they ask, before what.
 * Only at the start, and 看下 / 查下 not where 下 starts a word (看下周计划 asks for next week's plan, 查下线 is 下线).
 */
const REQUEST_OPENING =
  /^(?:(?:麻烦|劳驾|烦请|拜托)(?:你|您)?(?:帮(?:我|忙)?)?|(?:帮|替|给)(?:我|忙|我们)|(?:老板|领导|经理|主管|客户)(?:刚才?|刚刚)?(?:在)?问(?:了)?(?:一下|下|我)?(?!题)|我?想(?:知道|了解|问(?:一下|下)?)|请问|(?:查|看|问|搜|找|瞅)(?:一下|下(?![周月午期个次一季半面线单发载架降掉游层属级拉调沉滑]))|查查|看看|问问)\s*[,，:：]?\s*/;

function withoutRequestOpening(text: string): string {
  let rest = text;
  for (let m = REQUEST_OPENING.exec(rest); m && m[0]; m = REQUEST_OPENING.exec(rest)) rest = rest.slice(m[0].length);
  // Nothing but the request (帮我查下): nothing asked, which the caller answers with the help text.
  return rest;
}


export function detectType(question: string): QuestionType {
  if (SUMMARY_PATTERN.test(question)) return 'summary';
  if (LIST_PATTERN.test(question)) return 'list';
  if (WHEN_PATTERN.test(question) || CHANGE_PATTERN.test(question)) return 'when';
  if (METRIC_PATTERN.test(question)) return 'metric';
  if (STATUS_PATTERN.test(question)) return 'status';
  return 'general';
}

/** 到什么阶段了 / 到哪一步 / 到什么程度: how far the work is, whatever verb comes before. */
const HOW_FAR = /(?:(?:做|搞|弄|干|进行|推进|进展)?到(?:了)?|处于|处在|(?<![\p{Script=Han}])在)(?:什么|啥|哪个|哪一?)(?:程度|地步|阶段|一步|步|环节|节点)了?/gu;
/** 在哪个城市 / 哪家门店: the kind of place asked for, the answer's kind, not the subject. */
const ASKED_PLACE = /(?:在|是在)?(?:哪个|哪座|哪些|哪一?个?|什么)(?:城市|地方|地区|省份?|国家|门店|机房)/g;
/** 按什么粒度 / 用哪种方式: the kind of answer asked (the line says 按应用维度), not the subject. */
const ASKED_KIND = /(?:按|以|用)?(?:什么|啥|哪种|哪一种)(?:粒度|维度|方式|口径|标准|规则)/g;
/** 够不够 / 做不做 / 上没上 (顺不顺利): a yes-or-no question word, not part of the subject. */
const A_NOT_A = /(?:还要?|是否)?(\p{Script=Han})[不没]\1(?:利|了)?/gu;
/** The unit asked for after 多少 / 几 (多少GHz, 几ms): it picks the figure, it names no item. */
const ASKED_UNIT = /(?<=(?:多少|几)\s*)(?:(?:ghz|mhz|khz|ms|mw|kw|tb|gb|mb|kb|%)(?![a-z])|人次|人天|个百分点|百分点|个点(?!\p{Script=Han})|[个项家笔次台人条件门位名份篇场轮集分遍回届批款种类步级倍页章节例起处张根颗只辆座栋层支把块片段句首部本册封](?!\p{Script=Han}))/giu;
/**
 * 周报里 / 周会上: where the asker saw it, not part of the subject. 那周日志里 names the report whole
 * (慢查询日志里 keeps its 日志: a word before it makes it a thing the work is about). A bare 日志 with no
 * word before it is the report too (概括一下12月1日那周的日志: the week is taken out before this).
 */
const IN_THE_REPORT = /(?<=周报|报告|周会|纪要|日志)[里中上内]|(?<=周|^|\s)(?:日志|纪要)(?=[里中上内])|(?<=[周期]|^|\s)的?(?:日志|纪要)(?!\p{Script=Han})/gu;
/** 原来 / 最早 / 起初: when, among the weeks, not what (信用评分卡迭代原来是谁负责的). */
const BACK_THEN = /原来|原先|最早|最初|最开始|起初|一开始|当初|当时/g;
const ASKS_EARLIEST = new RegExp(BACK_THEN.source);
/**
 * 比最开始涨了多少 / 从一开始到最后降了多少 / 比前一周涨了几个点: how far a figure moved since a
 * starting point, asked of the whole run (or of the last step) — not of the first week alone.
 */
export const CHANGE_SINCE =
  /(?:比|较|相比|相较于?|跟|和)(?:最开始|一开始|最早|最初|起初|原来|当初|刚开始)(?:的时候|时)?|从(?:最开始|一开始|最早|最初|起初|原来|刚开始)(?:到(?:最后|现在|目前|最终|最新|如今))?|(?:比|较|相比|相较于?)(?:前|上)一?(?:周|期)/;
/** The CHANGE_SINCE forms that ask for the last step only (比前一周 / 比上期). */
export const CHANGE_SINCE_PREVIOUS = /(?:比|较|相比|相较于?)(?:前|上)一?(?:周|期)/;
/**
 * 比上次涨了多少 / 较上回降了几个点: the time before, then how the figure moved. 上次 names no report
 * here (上次调研 / 上次周会 do, and stay), so it is no subject word: 召回率比上次 is 召回率.
 */
const SINCE_LAST_TIME = /(?:(?<![占配])比|较|相比|相较于?)上一?(?:次|回)(?=\s*(?:涨|降|跌|升|增|减|提|下|上|多|少|高|低|快|慢|好|差|变))/g;
/** Words for the report itself (工作日志, 会议纪要): 上期工作日志写了什么 asks about the report. */
const REPORT_WORDS = /工作日志|会议纪要|周会纪要|会议记录|周会记录|例会/g;

/** A duration asked (多久, 要多长时间, 几秒, 耗时多少). */
const TIME_ASKED = /多久|多长时间|几秒|多少(?:秒|毫秒|ms)|耗时/;

/** Removes question words and particles, and the event words (they are matched separately). */
function removeFillers(text: string): string {
  let out = text.replace(/[?？!！。,，、:：;；"“”'‘’()（）\[\]【】]/g, ' ');
  // 做到哪了 / 搞到什么程度: how far the work is, not part of its name; 还做吗 / 还没 / 卡住了: whether it goes on.
  out = out.replace(HOW_FAR, ' ').replace(ASKED_PLACE, ' ').replace(ASKED_KIND, ' ').replace(A_NOT_A, ' ').replace(ASKED_UNIT, ' ').replace(REPORT_WORDS, ' ').replace(IN_THE_REPORT, ' ');
  // 还差什么 / 差啥 / 卡在哪: what is left or in the way, asked about the work, not part of its name;
  // 离(年底)(55%的 / 100分钟)目标还差多少: how far the figure is from its target (compose/targetGap.ts), not a target asked.
  out = out.replace(/(?:离|距离?)\s*(?:年底|年末|年终|年度|全年|今年|季度末?|本季度?|月底|本月)?的?\s*(?:\d+(?:\.\d+)?\s*(?:[%‰]|ms|s|分钟|分|小时|秒|天|万|元)?\s*的?)?\s*(?:目标|预期)值?|(?:做|搞|弄|干|进行|推进|进展)到(?:了)?(?:哪|什么|啥)|还(?:在)?(?:做|搞|弄|继续|要做)|还(?:要|需要?|得)(?=\s*(?:多久|多长时间|几天|多少))|还?剩(?:下|余)?(?=\s*(?:多少|几|$))|多久|多长时间|还差(?:些|点)?(?:什么|啥|多少|哪些)?|差(?:什么|啥)|还没有?|卡住了?|卡在(?:哪里|哪儿|哪)?/g, ' ');
  // 小程序打开第一屏要多久: how long opening takes is the measure the line names (首屏耗时, 启动耗时),
  // not the act of opening, which the line does not write.
  if (TIME_ASKED.test(text)) out = out.replace(/打开(?![率数量]|得?(?:太|过于|很|特别|比较|有点|有些)?慢)/g, ' ');
  // 客服项目里做坐席台的: 里 closes where the work is (the project, the group) before the verb of who
  // does it; it is part of neither (the segmenter would glue 里做 into a word no line has).
  out = out.replace(/(?<=\p{Script=Han})里(?=(?:做|干|搞|弄|负责|跟进?|管|写)\p{Script=Han})/gu, ' ');
  // 缩短了多少 / 降低了几分钟: how far the figure moved, asked of it; the line says so in its own words
  // (处理时长由35分钟降至22分钟), so the verb is no subject word.
  out = out.replace(/(?:缩短|降低|下降|减少|提升|提高|增加|增长|上升)了?(?=\s*(?:多少|几))/g, ' ');
  // 这两周有动静吗 (no comparison asked): the stretch the newest report covers, not a subject word.
  out = out.replace(/(?:这|最近|近)两(?:周|期)(?:来|里|内)?/g, ' ');
  // 这几周清得怎么样 / 修得如何: 得 between a verb and how it went marks the manner, no part of a name
  // (the verb alone is left: 清理得怎么样 keeps 清理).
  out = out.replace(/(?<=\p{Script=Han})得(?=\s*(?:怎么样|如何|咋样|怎样))/gu, ' ');
  // 开起来了吗 / 用起来了没: a light verb with 起来 asks whether the work got going; the verb names nothing
  // (AB 实验开起来 is the 实验 the line says 已于12/6开启).
  out = out.replace(/[开跑用搞弄转动]起来(?:了)?/g, ' ');
  // 健康分谁高 / 哪个多: which of the named ones is ahead, asked of the figure; it names nothing.
  // …and the 比 before it (跟向量召回那次比哪个大): the comparison's verb, not part of the second thing's name.
  out = out.replace(/(?:比(?:一下|一比|较)?\s*)?(?:谁|哪个|哪家|哪边|哪方)的?更?(?:高|低|多|少|大|小|快|慢|好|差)/g, ' ');
  // 接进去 / 降下来 / 跑起来: the verb's direction, not part of a name (the verb itself stays).
  out = out.replace(/(?<=\p{Script=Han})(?:进去|进来|下来|上去|出来|起来|过来|回来)(?:了)?/gu, ' ');
  out = out.replace(new RegExp(CHANGE_SINCE.source, 'g'), ' ').replace(SINCE_LAST_TIME, ' ').replace(WHEN_PATTERN, ' ').replace(BACK_THEN, ' ');
  for (const [, words] of EVENT_WORDS) {
    for (const w of [...words].sort((a, b) => b.length - a.length)) {
      // Keep event words that are part of a longer noun (上线率 is a metric name, not an event;
      // 冷启动 / 热启动 / 自启动 name a kind of start, and 冷启动耗时 is not 耗时).
      // 评审通过了吗 / 评审过了吗: the result asked of the event goes with it (通过 names nothing).
      out = out.replace(new RegExp(`(?<![冷热自])${w.startsWith('上') ? NOT_AFTER_VERB : ''}${escapeRegExp(w)}(?![率量数])${w === '开放' ? OPEN_AS_NAME : ''}(?:通过|过(?![程期滤]))?`, 'g'), ' ');
    }
  }
  for (const w of FILLER_WORDS) out = out.split(w).join(' ');
  out = out.replace(/是?什么?|怎么?样?|为什?么?|是啥|啥/g, ' ');
  out = out.replace(PARTICLES, ' ').replace(PRONOUNS, ' ');
  // 商户培训课程的事该找谁: 的事 closes the subject (a matter about it), it names nothing.
  out = out.replace(/(^|\s)事(?:情|儿)?(?=\s|$)/g, ' ');
  // A lone 有 / 或 left between removed words (下周计划有哪些, 提测或上线) is not a subject.
  out = out.replace(/(^|\s)[有或和与及在要还](?=\s|$)/g, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where an item stands by its own words: 已上线 / 提测 / 完成 / 进行中 / 延期 / 阻塞 / 取消 …, read clause
 * by clause (the rules are above STATUS_WORDS).
 */
import type { ItemStatus } from './model';
import { toHalfWidth } from './normalize';
import { CLAUSE_BOUNDARY_CODES } from './textMasks';

/**
 * Status keywords. A line is read clause by clause (split at ，。；…):
 *  - inside a clause the strongest keyword wins: delayed > launched > testing > done > in_progress;
 *    a fact keyword that comes after a plan word in the same clause ("预计12/5提测", "待前端完成后")
 *    only counts as a plan (delays always count: "预计推迟至12/8" is a delay);
 *  - across clauses the LAST clause that states a fact wins ("方案评审通过，研发进行中" -> in_progress,
 *    "联调完毕，二类户对接进行中" -> in_progress), and facts beat plans anywhere in the line
 *    ("已提测，计划11/23上线" -> testing; "评审通过，研发按计划进行中，预计12/5提测" -> in_progress);
 *  - a line with only plans is planned; nothing recognised is unknown.
 * Bare 上线/投产/提测 are events, not facts: they count only after 已 in the same clause
 * ("已于11/23上线" -> launched), or as compounds (上线完成, 提测完成, 正式上线).
 * A work verb with 了 ("修复了", "新增了") is done; 已 with no status word ("已与银行对接") is done only
 * when no other clause of the line says anything.
 */
/** Work verbs that, followed by 了, report something finished ("修复了登录超时", "补充了用例"). */
const PAST_TENSE_VERBS = [
  '修复', '解决', '交付', '落地', '关闭', '合入', '合并', '实现', '新增', '增加', '添加', '补充', '支持', '提交', '优化', '重构',
  '编写', '撰写', '整理', '更新', '升级', '迁移', '部署', '接入', '对接', '搭建', '输出', '处理', '调研', '梳理', '分析', '定位',
  '排查', '参加', '参与', '学习', '阅读', '编译', '移植', '适配', '验证', '测试', '跑通', '发起', '组织', '制定', '确认', '设计',
  '开发', '改造', '替换', '删除', '移除', '清理', '修改', '调整', '配置', '安装', '发布', '写', '做', '改',
];

type Kind = ItemStatus | 'plan' | 'past' | 'launch_verb' | 'test_verb' | 'done_verb' | 'neutral' | 'negate';

const STATUS_WORDS: Array<[Kind, string[]]> = [
  ['cancelled', ['已取消', '被取消', '取消了', '需求取消', '取消）', '取消)', '不再做', '不做了', '已作废', '作废', '已放弃', 'cancelled', 'canceled', 'dropped', "won't do", 'wontfix']],
  ['blocked', ['阻塞', '等待', '仍在等', '被卡住', '卡住', '卡在', '受阻', '被阻', 'blocked', 'blocker', 'blocking', 'stuck', 'on hold', '暂停']],
  ['delayed', ['延期', '推迟', '延后', '滞后', '顺延', '延误', '拖期', 'delayed', 'delay']],
  [
    'launched',
    ['已上线', '上线完成', '上线完毕', '上线成功', '成功上线', '顺利上线', '已投产', '投产完成', '全量上线', '正式上线', '已发布', '发布完成', '上架完成', '已上架', '上线了', '投产了', 'launched', 'released'],
  ],
  ['testing', ['提测了', '已提测', '提测完成', '完成提测', '已送测', '送测完成', '测试中', '灰度', '验证中', '试运行', '内测', '试用', 'UAT', 'testing']],
  [
    'done',
    [
      '已完成', '完成', '完毕', '通过', '达标', '结束', '打通', '搞定', '已交付', '已解决', '已修复', '已合入', '已合并', '合入主线',
      '已merge', '已 merge', 'done', 'merged', 'finished', 'completed', 'committed', 'fixed', 'resolved',
      // A work verb with 了 tells what happened this week ("修复了…", "新增了…"): done.
      ...PAST_TENSE_VERBS.map((verb) => `${verb}了`),
    ],
  ],
  [
    'in_progress',
    [
      '进行中', '开发中', '研发中', '推进中', '推进', '跟进', '实施中', '建设中', '对接中', '联调中', '上线中', '改造中',
      '处理中', '排查中', '设计中', '优化中', '梳理中', '迭代中', '整改中', '开展中', '进展', '进度正常', '正常推进',
      '启动', '继续', '正在', '在做', '在写', '在搞', 'wip', 'in progress', 'ongoing', 'continue', 'continuing', 'reviewing', 'in review', '评审中', 'review中',
    ],
  ],
  ['plan', ['计划', '预计', '待', '将', '拟', '下周', '下月', '争取', '准备', '即将', '打算', '力争', 'todo', 'planned']],
  ['past', ['已经', '已于', '已']],
  ['launch_verb', ['上线', '投产', '发布', '上架', '发版']],
  ['test_verb', ['提测', '送测', '转测']],
  // Done only when said to have happened: "已修复" is done, "解决意向金收取问题" is a purpose.
  ['done_verb', ['解决', '修复', '交付', '落地', '关闭']],
  // Contain a keyword but mean something else.
  ['neutral', ['模拟', '虚拟', '拟合', '已知', '已有', '早已', '就已经', '按计划', '按照计划', '计划内', '如期', '期待', '接待', '善待', '对待', '看待', '招待', '完成率', '完成度', '通过率', '推进会', '解决方案']],
  ['negate', ['尚未', '还未', '未', '没有', '不会', '不', '无']],
];

/**
 * Keywords indexed by their first character, longest first, so the scan below is one pass over the
 * text with a few startsWith() checks where a keyword could begin (much cheaper than one big
 * alternation regex for the ~130 keywords).
 */
const KEYWORDS_BY_FIRST_CHAR = new Map<number, Array<{ word: string; kind: Kind }>>();
for (const [kind, words] of STATUS_WORDS) {
  for (const word of words) {
    const w = word.toLowerCase();
    const first = w.charCodeAt(0);
    const list = KEYWORDS_BY_FIRST_CHAR.get(first) ?? [];
    list.push({ word: w, kind });
    KEYWORDS_BY_FIRST_CHAR.set(first, list);
  }
}
for (const list of KEYWORDS_BY_FIRST_CHAR.values()) list.sort((a, b) => b.word.length - a.word.length);

/** "进度95%": progress in numbers (100% is done). */
const PROGRESS_PERCENT = /进度[:：]?\s*(\d+(?:\.\d+)?)\s*%/y;
const PROGRESS_FIRST_CODE = '进'.charCodeAt(0);
const HAS_UPPER_ASCII = /[A-Z]/;

const FACT_RANK: Partial<Record<ItemStatus, number>> = { in_progress: 1, done: 2, testing: 3, launched: 4, delayed: 5, blocked: 6, cancelled: 7 };

/** Where an item stands, by its own words (see the rules above STATUS_WORDS). */
export function detectStatus(text: string): ItemStatus {
  const normal = toHalfWidth(text);
  const line: LineState = { lastFact: null, anyPlan: false, anyPast: false };
  const clause = newClause();

  const haystack = HAS_UPPER_ASCII.test(normal) ? normal.toLowerCase() : normal;
  const n = haystack.length;
  for (let i = 0; i < n; ) {
    const code = haystack.charCodeAt(i);
    if (CLAUSE_BOUNDARY_CODES.has(code)) {
      closeClause(clause, line);
      i++;
      continue;
    }
    if (code === PROGRESS_FIRST_CODE) {
      PROGRESS_PERCENT.lastIndex = i;
      const progress = PROGRESS_PERCENT.exec(haystack);
      if (progress) {
        consider(clause, Number(progress[1]) >= 100 ? 'done' : 'in_progress');
        i += progress[0].length;
        continue;
      }
    }
    const candidates = KEYWORDS_BY_FIRST_CHAR.get(code);
    let hit: { word: string; kind: Kind } | undefined;
    if (candidates) {
      for (const c of candidates) {
        if (haystack.startsWith(c.word, i)) {
          hit = c;
          break;
        }
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    const at = i;
    i += hit.word.length;
    // "学习了解…" is learning about, not "学习了": 了 that starts 了解 is no past tense.
    if (haystack.charCodeAt(i) === LIAO_JIE_SECOND && hit.word.endsWith('了')) continue;
    if (hit.kind === 'negate') {
      clause.negatedUntil = i;
      continue;
    }
    // "未上线", "无延期", "不延后": the negated keyword says nothing.
    if (at === clause.negatedUntil) continue;
    switch (hit.kind) {
      case 'neutral':
        break;
      case 'plan':
        clause.planSeen = true;
        clause.pastSeen = false;
        break;
      case 'past':
        clause.pastSeen = true;
        clause.planSeen = false;
        break;
      case 'launch_verb':
        if (clause.pastSeen) consider(clause, 'launched');
        break;
      case 'test_verb':
        if (clause.pastSeen) consider(clause, 'testing');
        break;
      case 'done_verb':
        if (clause.pastSeen) consider(clause, 'done');
        break;
      default:
        consider(clause, hit.kind);
    }
  }
  closeClause(clause, line);
  if (!line.lastFact) {
    // "值周：线上问题定位\t\t100%": a percentage set apart at the end of the line is the item's completion.
    const completion = TRAILING_PERCENT.exec(normal);
    if (completion) return Number(completion[1]) >= 100 ? 'done' : 'in_progress';
  }
  // "已与银行网关对接": 已 with no status word says it has happened, when nothing else in the line
  // speaks ("材料已提交，预计11/10提测" stays a plan).
  return line.lastFact ?? (line.anyPlan ? 'planned' : line.anyPast ? 'done' : 'unknown');
}

interface LineState {
  lastFact: ItemStatus | null;
  anyPlan: boolean;
  /** A clause said 已 without a status word */
  anyPast: boolean;
}

const LIAO_JIE_SECOND = '解'.charCodeAt(0);
const TRAILING_PERCENT = /(?:\t|\s{2,})(\d{1,3}(?:\.\d+)?)\s*%\s*$/;

interface ClauseState {
  best: ItemStatus | null;
  planSeen: boolean;
  pastSeen: boolean;
  negatedUntil: number;
}

function newClause(): ClauseState {
  return { best: null, planSeen: false, pastSeen: false, negatedUntil: -1 };
}

function consider(clause: ClauseState, status: ItemStatus): void {
  // A fact after a plan word is still a plan; delays, blocks and cancellations count anyway.
  if (clause.planSeen && status !== 'delayed' && status !== 'blocked' && status !== 'cancelled') return;
  if (!clause.best || (FACT_RANK[status] ?? 0) > (FACT_RANK[clause.best] ?? 0)) clause.best = status;
}

function closeClause(clause: ClauseState, line: LineState): void {
  if (clause.best) line.lastFact = clause.best;
  else if (clause.planSeen) line.anyPlan = true;
  else if (clause.pastSeen) line.anyPast = true;
  clause.best = null;
  clause.planSeen = false;
  clause.pastSeen = false;
  clause.negatedUntil = -1;
}

/**
 * Who wrote, hosted or took the minutes of a report (周报谁写的, 周会谁主持, 记录人是谁): these are
 * stated once in the report's header (`author:` front matter, `- **报告人**：钟意 白露`,
 * `> **主持**: @lumeng`), not on a work line, so they are read from the report's text. Pure: the
 * caller hands in each report with its raw text; an answer quotes the header line it names.
 */
import type { StoredReport } from '../../records';
import type { Answer, Citation } from '../model';
import { notFound } from './shared';
import { reportHeading } from './reportLines';

export type ReportRole = 'author' | 'host' | 'recorder' | 'attendees' | 'time';

const ROLE_NAMES: Record<ReportRole, string> = { author: '作者', host: '主持人', recorder: '记录人', attendees: '参会人', time: '会议时间' };

/** The header labels that name each role in a report. */
const ROLE_LABELS: Record<ReportRole, RegExp> = {
  author: /^(?:author|作者|报告人|汇报人|填写人|撰写人|编写人|执笔人?|提交人|撰稿人?)$/i,
  host: /^(?:主持人?|host)$/i,
  recorder: /^(?:记录人?|记录员|纪要|会议记录|note\s*taker|minutes)$/i,
  attendees: /^(?:参会|参会人员?|与会|与会人员?|出席|出席人员?|参加人员?|attendees?)$/i,
  time: /^(?:会议时间|开会时间|时间|time)$/i,
};

/**
 * The words of a question asking for a role, and the role's own words that may be left in the
 * subject once the intent words are gone (谁做的记录 leaves 记录): after both, nothing but the report
 * itself may remain.
 */
const ROLE_ASKED: Array<[ReportRole, RegExp, RegExp]> = [
  ['host', /主持/, /由?谁(?:来|在)?主持的?|主持人?(?:是谁|是)?/g],
  ['recorder', /谁.{0,3}记录|记录(?:人|员)|纪要.{0,2}谁|谁.{0,3}纪要/, /谁(?:来|在|做的?)?(?:的)?记录的?|记录(?:人|员)?(?:是谁|是)?|谁(?:写|整理)的?|纪要/g],
  ['attendees', /参会|参加|出席|与会|attend/i, /(?:都|还)?有?(?:哪些人|哪几位|谁)(?:来)?(?:参会|参加|出席|与会)(?:了)?|(?:参会|参加|出席|与会)(?:的)?(?:人员?|的人)?都?(?:有谁|是谁|有哪些人?|有哪几位)?/g],
  // 周会一般几点开 / 例会什么时候开: the meeting's time, stated in the minutes' header (会议时间：… 10:00).
  ['time', /(?:周会|例会|站会|会议|开会).{0,6}(?:几点|什么时候|啥时候|什么时间|时间)|(?:几点|什么时候|啥时候)开(?:周会|例会|会)/, /(?:一般|通常|平时|平常|每次|每周)?(?:都)?(?:是|在)?(?:几点|什么时候|啥时候|什么时间)?(?:开始|召开|举行|开)(?:会)?的?|一般|通常|平时|平常|几点|(?:会议|开会)?时间/g],
  ['author', /谁(?:写|编写|撰写|填写|提交|汇报|整理|执笔)|作者|(?:报告|汇报|填写|撰写|编写|提交)人/, /(?:是)?谁(?:写|编写|撰写|填写|提交|汇报|整理|执笔)的?|作者(?:是谁|是)?|(?:报告|汇报|填写|撰写|编写|提交)人(?:是谁|是)?|写的?/g],
];
/** What may stand around the role words when the question is about the report as a whole. */
const REPORT_WORDS = /周报|周会|双周报|会议|报告|纪要|工作日志|日志|这期|本期|这份|那份|这次|本次|上期|上一期|最新|一期|的|是|谁|呢|吗|了|人|做/g;

/** Which role a question asks for, when it asks about the report's writer, host or recorder rather than an item's owner. */
export function askedReportRole(question: string, subject: string): ReportRole | null {
  for (const [role, asked, words] of ROLE_ASKED) {
    if (!asked.test(question)) continue;
    const rest = subject.replace(words, ' ').replace(REPORT_WORDS, ' ').replace(/[\s?？,，。.!！]+/g, '');
    return rest ? null : role;
  }
  return null;
}

export interface RoleLine {
  names: string[];
  /** The header line without its Markdown marks (`> **主持**: @lumeng` → `主持: @lumeng`) */
  line: string;
  /** 1-based line number in the report's text */
  lineNo: number;
}

/** The line of a report's header that names the role, and the people on it. */
export function roleLine(rawText: string, role: ReportRole): RoleLine | null {
  const lines = rawText.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const plain = lines[i].replace(/[>*_`#]/g, '').replace(/^\s*[-+]\s+/, '').trim();
    const m = /^([^:：]{1,12}?)\s*[:：]\s*(.*)$/.exec(plain);
    if (!m || !ROLE_LABELS[role].test(m[1].trim())) continue;
    // A time is the value itself, up to the next label on the line (，地点：7楼小会议室).
    if (role === 'time') {
      const when = m[2].split(/[，,；;]\s*(?=[^，,；;]{1,6}[:：])/)[0].trim();
      if (/\d{1,2}[:：]\d{2}/.test(when)) return { names: [when], line: plain, lineNo: i + 1 };
      continue;
    }
    // `> **参会**:` with the people listed below it, one per bullet.
    const listed = m[2].trim() ? [] : bulletsAfter(lines, i + 1);
    const names = [m[2], ...listed]
      .join(' ')
      .split(/[\s、,，/;；]+/)
      .map((n) => n.replace(/^@/, '').replace(/["'“”]/g, '').trim())
      .filter((n) => n && !/\d{4}|[:：]/.test(n));
    if (names.length) return { names, line: listed.length ? `${m[1].trim()}: ${listed.join('、')}` : plain, lineNo: i + 1 };
  }
  return role === 'author' ? authorInTitle(lines) : null;
}

/** The bullet lines right after a label (blank lines and `<br>` between them allowed), without their marks. */
function bulletsAfter(lines: string[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && out.length < 30; i++) {
    const line = lines[i].replace(/<br\s*\/?>/gi, '').trim();
    if (!line) {
      if (out.length) break;
      continue;
    }
    const bullet = /^(?:>\s*)?[-*+]\s+(.+)$/.exec(line);
    if (!bullet) break;
    out.push(bullet[1].replace(/[*_`]/g, '').trim());
  }
  return out;
}

/** Words a title puts in brackets that are not a person: drafts, editions, parts. */
const NOT_A_NAME = /^(?:草稿|初稿|终稿|定稿|修订版?|更新版?|汇总|摘要|简版|完整版|内部|公开|试行|续|上|中|下|精简版|第.+)$/;

/**
 * `# 嵌入式固件组 工作日志（罗毅）`: a report without a labelled author line may name its writer in
 * brackets at the end of its title, as a name (two to four Han characters, or a handle) and nothing else.
 */
function authorInTitle(lines: string[]): RoleLine | null {
  const at = lines.findIndex((l) => /^#\s/.test(l));
  if (at < 0) return null;
  const plain = lines[at].replace(/^#+\s*/, '').trim();
  const m = /[（(]([^（）()]+)[）)]$/.exec(plain);
  if (!m) return null;
  const names = m[1].split(/[\s、,，/]+/).filter(Boolean);
  const isName = (n: string) => (/^\p{Script=Han}{2,4}$/u.test(n) || /^@?[A-Za-z][\w.-]{1,19}$/.test(n)) && !NOT_A_NAME.test(n);
  if (!names.length || !names.every(isName)) return null;
  return { names: names.map((n) => n.replace(/^@/, '')), line: plain, lineNo: at + 1 };
}

/** 几个人 / 多少人 / 几位 / 人数: how many people, not who. */
const ASKS_HOW_MANY = /[几多少两][个位名]?人|几位|多少位|人数/;

/** 开放平台组第49周（12/8）周报的主持人：lumeng。 — one sentence per report that names the role. */
export function composeReportRole(question: string, role: ReportRole, reports: Array<{ report: StoredReport; rawText: string }>): Answer {
  const parts: string[] = [];
  const citations: Citation[] = [];
  for (const { report, rawText } of reports) {
    const found = roleLine(rawText, role);
    if (!found) continue;
    // 几个人参加 asks the count: say it, not only the names to count.
    const count = ASKS_HOW_MANY.test(question) ? `共 ${found.names.length} 人` : '';
    parts.push(`${reportHeading(report, true)}周报的${ROLE_NAMES[role]}${count}：${found.names.join('、')}。`);
    citations.push({
      team: report.team,
      week: report.weekLabel,
      date: report.reportDate,
      section: '',
      text: found.line,
      reportId: report.id,
      // A header line is not a stored item.
      itemId: 0,
      lineNo: found.lineNo,
    });
  }
  if (!parts.length) {
    const teams = [...new Set(reports.map((r) => r.report.team))].join('、');
    return notFound(question, `${teams ? teams + '的' : ''}周报没有写明${ROLE_NAMES[role]}。`);
  }
  return { question, found: true, answer: parts.join('\n'), citations };
}

/**
 * A project report states its project once, in the header (`- **项目名称**：自动化测试平台二期`,
 * `- **项目状态**：开发阶段`), not on a work line, so no stored item names it. A status question about
 * the project (…二期现在处于什么阶段) is answered from those header lines, quoted. Pure: the caller
 * hands in each report with its raw text and decides whether the name is the subject.
 */
import type { StoredReport } from '../../records';
import type { Answer } from '../model';
import { reportHeading } from './reportLines';

export interface HeaderField {
  value: string;
  /** The header line without its Markdown marks (`项目状态：开发阶段`) */
  line: string;
  /** 1-based line number in the report's text */
  lineNo: number;
}

export interface ProjectHeader {
  name: HeaderField;
  state: HeaderField;
}

const NAME_LABEL = /^(?:项目名称?|项目名)$/;
const STATE_LABEL = /^(?:项目状态|项目阶段|当前阶段|整体状态|状态)$/;

/** The project's name and state from the report's header lines, when it writes both. */
export function projectHeader(rawText: string): ProjectHeader | null {
  let name: HeaderField | null = null;
  let state: HeaderField | null = null;
  const lines = rawText.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const plain = lines[i].replace(/[>*_`#]/g, '').replace(/^\s*[-+]\s+/, '').trim();
    const m = /^([^:：]{1,8}?)\s*[:：]\s*(.+)$/.exec(plain);
    if (!m) continue;
    const field = { value: m[2].trim(), line: plain, lineNo: i + 1 };
    if (!name && NAME_LABEL.test(m[1].trim())) name = field;
    else if (name && !state && STATE_LABEL.test(m[1].trim())) state = field;
    if (name && state) return { name, state };
  }
  return null;
}

/** 质量工程部第49周（12/8）「自动化测试平台二期」项目状态：开发阶段。 */
export function composeProjectState(question: string, report: StoredReport, header: ProjectHeader): Answer {
  return {
    question,
    found: true,
    answer: `${reportHeading(report, true)}「${header.name.value}」${header.state.line.replace(/\s*[:：]\s*/, '：')}。`,
    citations: [
      {
        team: report.team,
        week: report.weekLabel,
        date: report.reportDate,
        section: '',
        text: header.state.line,
        reportId: report.id,
        // A header line is not a stored item.
        itemId: 0,
        lineNo: header.state.lineNo,
      },
    ],
  };
}

/**
 * The team's report for a week, assembled from its members' submissions in the team's own section
 * layout (the headings of its weekly report: 重点工作, 系统运行数据, O1/O2/O3 …, 生产事件, 收获与反思,
 * 下周工作及目标). Pure: submissions in, Markdown out; the Markdown reads back through the ordinary
 * report parser, so the compiled report is stored, searched and exported like any ingested one.
 */
import { itemSimilarity } from './matchItems';
import type { TeamSection } from './team';

export interface MemberSubmission {
  userId: string;
  name?: string;
  items: Array<{ sectionPath: string[]; text: string }>;
}

export interface CompileWeek {
  weekLabel: string;
  /** ISO Friday */
  reportDate: string;
}

/**
 * The `source` a compiled report is stored with: `compiled:<team>:<reportDate>`. Only a label for
 * people and logs: what a report is, is its `kind` ('compiled').
 */
export function compiledSource(team: string, reportDate: string): string {
  return `compiled:${team}:${reportDate}`;
}

/** The `source` of a member's week made from their follow-up answers alone (its kind is 'followup'). */
export function answersOnlySource(team: string, reportDate: string, userId: string): string {
  return `followup:${team}:${reportDate}:${userId}`;
}

/** The layout of the sample reports; used when a team has neither configured nor stored one. */
export const DEFAULT_LAYOUT: readonly TeamSection[] = [
  { level: 2, heading: '【重点工作】' },
  { level: 2, heading: '【系统运行数据】' },
  { level: 2, heading: '【O1 业务交付】' },
  { level: 2, heading: '【O2 系统升级】' },
  { level: 2, heading: '【O3 稳定安全与降本增效】' },
  { level: 3, heading: '【生产事件】' },
  { level: 2, heading: '收获与反思' },
  { level: 1, heading: '下周工作及目标' },
];

const TITLE_LIKE = /第\s*[\d一二三四五六七八九十]+\s*周|周报|20\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/;
const HEADING_LINE = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/** The section headings of a report as written (its title excluded): a team's layout from its own report. */
export function layoutFromMarkdown(markdown: string): TeamSection[] {
  const out: TeamSection[] = [];
  const seen = new Set<string>();
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const m = HEADING_LINE.exec(line);
    if (!m) continue;
    const heading = m[2].trim();
    if (!heading || TITLE_LIKE.test(heading)) continue;
    const key = sectionKey(heading);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ level: m[1].length, heading });
  }
  return out;
}

/** "【O1 业务交付】" / "**O1 业务交付：**" → "o1业务交付" */
export function sectionKey(heading: string): string {
  return heading
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[*_`【】[\]「」()（）:：\s]/g, '');
}

const REFLECTION = /收获|反思|感悟|思考/;
const NEXT_WEEK = /下周|下阶段|下期|next\s*week/i;
const OBJECTIVE = /^o(\d+)/;

interface Bucket {
  section: TeamSection;
  key: string;
  /** Sub-project name ('' = directly under the heading) → lines, in first-seen order */
  groups: Map<string, string[]>;
}

/**
 * Compile the week's report.
 * @param submissions in the order their items should appear (e.g. by submission time)
 * @param layout the team's headings; defaults to `team.sections`, else DEFAULT_LAYOUT
 */
export function compileTeamReport(
  submissions: readonly MemberSubmission[],
  team: { name: string; sections?: TeamSection[] | null },
  week: CompileWeek,
  layout: readonly TeamSection[] = team.sections ?? DEFAULT_LAYOUT,
): string {
  const buckets: Bucket[] = layout.map((section) => ({ section, key: sectionKey(section.heading), groups: new Map() }));
  const extra: Bucket[] = [];

  for (const submission of submissions) {
    for (const item of submission.items) {
      const text = item.text.trim();
      if (!text) continue;
      // The deepest heading the layout has ("生产事件" under "O3 …"), else the top one.
      const path = item.sectionPath;
      let depth = path.length - 1;
      while (depth > 0 && ![...buckets, ...extra].some((b) => b.key === sectionKey(path[depth]))) depth--;
      const bucket = bucketFor(path[Math.max(0, depth)] ?? '', buckets, extra);
      const group = path.slice(Math.max(0, depth) + 1).join(' · ');
      const lines = bucket.groups.get(group) ?? [];
      if (!lines.includes(text)) lines.push(text);
      bucket.groups.set(group, lines);
    }
  }

  // Sections a member used that the layout lacks go after the work sections, before reflection and next week.
  const ordered = [...buckets];
  const tailStart = ordered.findIndex((b) => REFLECTION.test(b.key) || NEXT_WEEK.test(b.key));
  ordered.splice(tailStart === -1 ? ordered.length : tailStart, 0, ...extra);

  const out: string[] = [`# ${team.name} ${week.weekLabel} ${week.reportDate}`, ''];
  const names = submissions.map((s) => s.name || s.userId);
  out.push(`<!-- zhoubao:compiled team="${team.name}" week="${week.weekLabel}" from="${names.join(',')}" -->`, '');
  for (const bucket of ordered) {
    if (!bucket.groups.size) continue;
    out.push(`${'#'.repeat(Math.min(6, Math.max(1, bucket.section.level)))} ${bucket.section.heading}`, '');
    out.push(...renderBucket(bucket), '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function bucketFor(top: string, buckets: Bucket[], extra: Bucket[]): Bucket {
  const key = sectionKey(top || '其他');
  const all = [...buckets, ...extra];
  const exact = all.find((b) => b.key === key);
  if (exact) return exact;
  // "O1 服务业务" and "O1 业务交付" are the same objective under two names.
  const objective = OBJECTIVE.exec(key)?.[1];
  if (objective) {
    const same = all.find((b) => OBJECTIVE.exec(b.key)?.[1] === objective);
    if (same) return same;
  }
  const similar = all
    .map((b) => ({ b, s: itemSimilarity({ text: b.key, sectionPath: [] }, { text: key, sectionPath: [] }) }))
    .filter((x) => x.s >= 0.75)
    .sort((x, y) => y.s - x.s)[0];
  if (similar) return similar.b;
  const created: Bucket = { section: { level: 2, heading: `【${top || '其他'}】` }, key, groups: new Map() };
  extra.push(created);
  return created;
}

function renderBucket(bucket: Bucket): string[] {
  const lines: string[] = [];
  const groups = bucket.groups;
  if (REFLECTION.test(bucket.key)) {
    // Reflections are paragraphs, one per member line.
    for (const texts of groups.values()) for (const t of texts) lines.push(t, '');
    return lines;
  }
  if (NEXT_WEEK.test(bucket.key)) {
    let n = 0;
    for (const texts of groups.values()) for (const t of texts) lines.push(`${++n}. ${t}`);
    return lines;
  }
  const nested = new Set<string>();
  for (const t of groups.get('') ?? []) {
    lines.push(`- ${t}`);
    // "风险数据指标建设，整体进度45%" with its own numbered lines under it.
    const children = groups.get(firstClause(t));
    if (children && firstClause(t) !== '') {
      nested.add(firstClause(t));
      children.forEach((c, i) => lines.push(`    ${i + 1}. ${c}`));
    }
  }
  for (const [group, texts] of groups) {
    if (group === '' || nested.has(group)) continue;
    lines.push(`- 【${group}】`);
    texts.forEach((c, i) => lines.push(`    ${i + 1}. ${c}`));
  }
  return lines;
}

function firstClause(text: string): string {
  const cut = text.search(/[，,：:。；;]/);
  return (cut >= 2 ? text.slice(0, cut) : text).replace(/\*\*/g, '').trim();
}

/**
 * The report as the line pass builds it: the open headings, the stack of open list lines ("frames")
 * that tells a numbered line its parent bullet, the sections met so far, and the items with what
 * their place says about them (section path, owner, a task's field facts). parse.ts decides what
 * each line is; this records it.
 */
import type { TaskField } from './fields';
import { buildItem, type ItemInput } from './items';
import { extractMetrics } from './figures';
import { isCommentary, isMeetingNotesSection, isNeverItem, isNotWorkSection, itemText, notesLineRecordsFact } from './lineShapes';
import { extractDates } from './dates';
import { detectStatus } from './status';
import { isDateOnly, personOnly, sectionTitle, type MarkerKind } from './markdown';
import type { ItemDate, ItemStatus, ReportItem, ReportSection } from './model';
import { ownerInText, ownerOfHeading } from './owners';

export interface Frame {
  /** Indentation of the line; -1 for a section-wide pseudo-heading ("支付成功率：") */
  indent: number;
  /** Marker of a list line; null for paragraph lines */
  kind: MarkerKind | null;
  rank: number;
  title: string;
  /** Whether the frame's own line is an item (false for pseudo-headings) */
  isItem: boolean;
  /** Whether it has been recorded in `sections` (items become sections when they get children) */
  registered: boolean;
  /** Index in `items` of the frame's own item, or -1 */
  itemIndex: number;
}

interface Heading {
  level: number;
  title: string;
  /** The person a per-person heading names ("## 张三", "## 小王的任务"), else null */
  owner: string | null;
}

/** What field lines ("负责人：王五", "截止日期：…") say about the items beside them. */
interface FieldFacts {
  owner: string | null;
  deadline: ItemDate | null;
}

/** Extra facts about an item that its line does not show: from a table row or a checkbox. */
export interface ItemExtra {
  owner?: string | null;
  checked?: boolean | null;
  stated?: ItemStatus | null;
  fallback?: ItemStatus | null;
}

export class Outline {
  readonly sections: ReportSection[] = [];
  readonly items: ReportItem[] = [];
  /** What each item was built from, so a later field line or a wrapped line can rebuild it */
  readonly inputs: ItemInput[] = [];
  headings: Heading[] = [];
  frames: Frame[] = [];
  /** Before the first section or item: where Notion puts page properties */
  inPreamble = true;
  /** "@dean:" above a checklist: the owner of the items until the next heading or group */
  ownerGroup: string | null = null;
  private readonly sectionKeys = new Set<string>();
  /** Facts from field lines for the items under the path they stand in */
  private fieldFacts: (FieldFacts & { path: string[] }) | null = null;

  constructor(
    /** Added to every item's line number (a week cut from a longer file) */
    private readonly lineOffset: number,
    /** What dates without a year are read against */
    private readonly reportDate: string | null,
  ) {}

  /** The section path: open headings, then the titles of the first `frameCount` open frames. */
  pathOf(frameCount: number = this.frames.length): string[] {
    const path: string[] = [];
    for (const h of this.headings) path.push(h.title);
    for (let i = 0; i < frameCount; i++) if (this.frames[i].title) path.push(this.frames[i].title);
    return path;
  }

  addSection(path: string[], heading: string, level: number): void {
    const key = path.join('\u0000');
    if (this.sectionKeys.has(key)) return;
    this.sectionKeys.add(key);
    this.sections.push({ path, heading, level });
  }

  openHeading(level: number, rawTitle: string): void {
    const title = sectionTitle(rawTitle);
    this.frames = [];
    this.ownerGroup = null;
    this.fieldFacts = null;
    while (this.headings.length && this.headings[this.headings.length - 1].level >= level) this.headings.pop();
    this.headings.push({ level, title, owner: ownerOfHeading(title) });
    this.addSection(this.pathOf(), title, level);
    this.inPreamble = false;
  }

  /**
   * Close the open list lines a new list line at `indent` is not inside. At equal indentation an
   * item closes items of the same or deeper rank; a title-only bullet ("- 【银行虚户建设】") stays open
   * for lines with another marker ("1. …" written without indentation) until a line of its own kind.
   */
  popFramesFor(indent: number, kind: MarkerKind, rank: number): void {
    while (this.frames.length) {
      const top = this.frames[this.frames.length - 1];
      const sameLevel = top.indent === indent;
      const closes =
        top.indent > indent ||
        (sameLevel && top.kind !== null && !top.isItem ? top.kind === kind || rank < top.rank : sameLevel && top.rank >= rank);
      if (closes) this.frames.pop();
      else break;
    }
  }

  /**
   * Record an item unless it is not work (a link, a placeholder, meta, or inside a section that is
   * not work). Returns its index, or -1.
   */
  addItem(rawText: string, rawLine: string, lineIndex: number, extra: ItemExtra = {}): number {
    const cleaned = itemText(rawText);
    const path = this.pathOf();
    // A meeting's notes or an editorial are a frame, but a line there that states a measured figure
    // (网关 P99 延迟稳定在 45ms, 本期合入 PR 47 个) records the work: it stays. So does a line of the
    // notes that records a decision, a need, a date or an owner (限流策略：按应用维度, …需要设计资源).
    const frameOnly =
      this.inNotWorkSection() && !extractMetrics(cleaned.text).length && !(this.inMeetingNotes() && notesLineIsWork(cleaned.text, this.reportDate));
    if (frameOnly || isDateOnly(cleaned.text) || personOnly(cleaned.text) || isNeverItem(cleaned.text, path[path.length - 1] ?? null)) return -1;
    if (!cleaned.struck && extra.checked == null && !extra.stated && !extra.owner && isAside(cleaned.text, this.reportDate)) return -1;
    // Items that now have a child become sections of their own.
    for (let i = 0; i < this.frames.length; i++) {
      const f = this.frames[i];
      if (!f.registered && f.title) {
        f.registered = true;
        this.addSection(this.pathOf(i + 1), f.title, 0);
      }
    }
    const ownOwner = extra.owner ?? ownerInText(cleaned.text);
    const owner = ownOwner ?? this.frameOwner() ?? this.ownerGroup ?? this.headingOwner();
    let input: ItemInput = {
      sectionPath: path,
      text: cleaned.text,
      rawLine,
      lineIndex,
      owner,
      checked: extra.checked ?? null,
      struck: cleaned.struck,
      stated: extra.stated ?? null,
      fallback: extra.fallback ?? null,
      ownOwner: ownOwner !== null,
      deadline: null,
    };
    if (this.fieldFacts && isUnder(path, this.fieldFacts.path)) input = withFacts(input, this.fieldFacts);
    this.store(input, this.items.length);
    this.inPreamble = false;
    return this.items.length - 1;
  }

  /** A wrapped line of the item above ("- 参加了" … "  Datenlord 的课程社区"): joined to it. */
  continueItem(index: number, more: string): void {
    const before = this.inputs[index];
    const joiner = /[A-Za-z0-9]$/.test(before.text) && /^[A-Za-z0-9]/.test(more) ? ' ' : '';
    this.store({ ...before, text: `${before.text}${joiner}${more}` }, index);
  }

  /**
   * A field line of a task ("- **负责人**：王五" under "### 接口联调" or under a task bullet): its facts
   * go to the task bullet it stands under and to every item beside it in the same block, before and
   * after it; the line itself is not an item. False when the line is no field.
   */
  takeField(field: TaskField | null): boolean {
    if (!field) return false;
    const path = this.pathOf();
    const parent = this.frames.length ? this.frames[this.frames.length - 1] : null;
    if (parent?.isItem && parent.itemIndex !== -1) this.store(withFacts(this.inputs[parent.itemIndex], field), parent.itemIndex);
    for (let k = this.items.length - 1; k >= 0 && isUnder(this.inputs[k].sectionPath, path); k--) this.store(withFacts(this.inputs[k], field), k);
    const same = this.fieldFacts && this.fieldFacts.path.join('\u0000') === path.join('\u0000') ? this.fieldFacts : null;
    this.fieldFacts = { path, owner: field.owner ?? same?.owner ?? null, deadline: field.deadline ?? same?.deadline ?? null };
    return true;
  }

  private store(input: ItemInput, index: number): void {
    this.items[index] = buildItem(index, input, this.lineOffset, this.reportDate);
    this.inputs[index] = input;
  }

  private inNotWorkSection(): boolean {
    return this.headings.some((h) => isNotWorkSection(h.title)) || this.frames.some((f) => !f.isItem && isNotWorkSection(f.title));
  }

  private inMeetingNotes(): boolean {
    return this.headings.some((h) => isMeetingNotesSection(h.title)) || this.frames.some((f) => !f.isItem && isMeetingNotesSection(f.title));
  }

  private headingOwner(): string | null {
    for (let i = this.headings.length - 1; i >= 0; i--) if (this.headings[i].owner) return this.headings[i].owner;
    return null;
  }

  /** "- 张三：" / "李四" over a list: the person a pseudo-heading names. */
  private frameOwner(): string | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const owner = this.frames[i].isItem ? null : ownerOfHeading(this.frames[i].title);
      if (owner) return owner;
    }
    return null;
  }
}

/** A commentary line whose own words carry nothing a reader would look up: no status, date, figure or owner. */
function isAside(text: string, reportDate: string | null): boolean {
  const words = detectStatus(text);
  return isCommentary(text) && (words === 'unknown' || words === 'planned') && !extractMetrics(text).length && !extractDates(text, reportDate).length && !ownerInText(text);
}

/**
 * Statuses a note states as a fact. 进行中 and 计划 are left out: their words sit inside topic names
 * too (冷启动拉取, 发布计划), and a topic is not work.
 */
const SETTLED_STATUS: ReadonlySet<ItemStatus> = new Set(['done', 'launched', 'testing', 'delayed', 'blocked', 'cancelled']);

/** A line of a meeting's notes that says more than its topic: a decision, a need, a settled status, a date or an owner. */
function notesLineIsWork(text: string, reportDate: string | null): boolean {
  return notesLineRecordsFact(text) || SETTLED_STATUS.has(detectStatus(text)) || extractDates(text, reportDate).length > 0 || ownerInText(text) !== null;
}

function isUnder(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length >= prefix.length && prefix.every((p, k) => path[k] === p);
}

function withFacts(input: ItemInput, facts: FieldFacts): ItemInput {
  return {
    ...input,
    owner: facts.owner && !input.ownOwner ? facts.owner : input.owner,
    deadline: facts.deadline && !input.deadline ? facts.deadline : input.deadline,
  };
}

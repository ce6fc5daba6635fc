/**
 * What a line or a section is, before it can become an item: the lines that are never work items
 * (links, tags, placeholders, meeting logistics, meta fields), the sections whose content is not
 * work (editorials, link lists, restatements, meeting frames), the sections that give their items a
 * status (已完成 / 进行中 / 下周计划 / Blockers), and fenced blocks that hold prose rather than code.
 */
import { stripInlineMarkup, toHalfWidth } from './normalize';
import type { ItemStatus } from './model';

// ---------------------------------------------------------------------------------------------
// Lines that are never items
// ---------------------------------------------------------------------------------------------

const URL = /(?:https?:\/\/|www\.)[^\s<>"'）)\]，。；]+/gi;
const MARKDOWN_IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const MARKDOWN_LINK = /\[([^\]]*)\]\([^)]*\)/g;
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** "[1] PLCT 路线图 https://…": an entry of a closing reference list. */
const REFERENCE_ENTRY = /^\[\d{1,3}\]\s/;
/** "Repo: https://…", "邮件列表及其订阅方式：https://…": a labelled link. */
const LABELLED_LINK = /^[^，。,;；]{1,30}?\s*[:：]\s*(?:https?:\/\/|www\.)\S+$/i;
/** What is left of a line once its links are gone that still cannot be a work item ("见：", "→"). */
const LINK_REMAINDER_MAX = 2;
/** A URL glued to the word before it ("修改bughttps://…"): split so both stay searchable. */
const GLUED_URL = /([^\s(（[<"'])(https?:\/\/)/g;

/**
 * Placeholders for "nothing this week". `无` / `暂无` alone answer a heading such as 生产事件 or
 * 风险 ("incidents: none", worth finding), so they only count as placeholders elsewhere.
 */
const PLACEHOLDER =
  /^(?:本(?:期|周|次|月)(?:除.{1,20}之外)?(?:没有|无)(?:其他|任何)?(?:新增内容|更新|进展|新进展|内容)|(?:没有|无|暂无)(?:其他)?(?:新增内容|更新|进展|内容)|todo|tbd|tba|n\/a|none|nothing|略|待补充|待更新|同上|记不住啦?|忘了)[。.!！]?$/i;
const NONE_WORD = /^(?:无|暂无|没有|none)[。.]?$/i;
/** Headings under which a lone 无 is an answer, not a placeholder. */
const NONE_IS_ANSWER = /事件|事故|故障|风险|问题|阻塞|求助|异常|blocker|risk|issue|incident/i;

/** Meeting logistics and report meta fields: "**Moderator**: @x", "会议时间为…", "**报告周期**：…". */
const META_FIELD =
  /^(?:time|date|moderator|notetaker|note\s*taker|host|attendees|participants|video(?:\/slides)?|slides|location|topic|议题|会议议题|会议主题|项目名称|分支|报告周期|报告人|汇报人|项目状态|技术栈|系统架构|核心功能|会议时间|会议地点|时间|日期|地点|主持人?|记录人?|参会人员?|与会人员|出席|缺席)\s*[:：]/i;
/** "**项目**: 检索系统 **分支**: main": the project's header line, not a work item named 项目. */
const PROJECT_HEADER = /^(?:项目|project)\s*[:：].*(?:分支|branch)\s*[:：]/i;
const MEETING_LOGISTICS = /^(?:本次会议(?:为|是|于)|会议时间(?:为|是)|会议地点(?:为|是|在))/;
/** A lone frame word of meeting minutes: "Agenda", "议程". */
const FRAME_WORD = /^(?:agenda|minutes|议程|会议议程|会议纪要)[:：]?$/i;
/** An invitation or advertisement, not work: "欢迎使用…", "如果你感兴趣，欢迎加入…". */
const INVITATION = /^(?:欢迎(?:使用|加入|关注|大家|各位|有志|感兴趣|试用|star|提交|参与)|如果(?:你|您|大家)?(?:们)?(?:对.{0,20})?感兴趣|如有兴趣|感兴趣的(?:同学|朋友|小伙伴))/i;

/**
 * An aside rather than work: a line that opens with a discourse word (不过, 其实, 说实话, 目前为止),
 * gives the writer's opinion (我觉得, 我比较想), or hedges what may happen (大概率, 不一定, 也会). Only
 * lines whose words state no status, date, figure or owner are tested (see Outline.addItem): "其实
 * 已完成联调" is still work.
 */
const COMMENTARY =
  /^(?:不过|但是|其实|说实话|老实说|感觉|总之|总的来说|总体来说|总体感觉|(?:到)?目前为止|坦白说)|我(?:觉得|感觉|认为|比较想|很想|有点)|大概率|大概只|不一定|应该也|也会|有点慌|说实话/;

export function isCommentary(text: string): boolean {
  return COMMENTARY.test(toHalfWidth(stripInlineMarkup(text)).trim());
}

export interface ItemText {
  /** Cleaned text for the item: comments, tags and <del> removed, a URL glued to a word split off */
  text: string;
  /** The line was struck out (~~x~~ or <del>x</del>) */
  struck: boolean;
}

/** The whole line struck out, or its opening words ("~~看板原型~~（需求取消）"). */
const STRUCK = /^(?:~~(.+?)~~|<(?:del|s|strike)>(.+?)<\/(?:del|s|strike)>)/i;
/** "[d] : 救助站信息录入": a checklist letter inside a struck line. */
const CHECK_LETTER = /^\[[A-Za-z ]\]\s*[:：]?\s*/;

/** Clean what will be stored as the item's text; struck lines are flagged (cancelled). */
export function itemText(text: string): ItemText {
  let t = text.replace(HTML_COMMENT, ' ').trim();
  const struck = STRUCK.exec(t);
  if (struck) t = `${(struck[1] ?? struck[2]).trim().replace(CHECK_LETTER, '')}${t.slice(struck[0].length)}`;
  if (t.indexOf('<') !== -1) t = t.replace(HTML_TAG, ' ');
  if (t.indexOf('http') > 0) t = t.replace(GLUED_URL, '$1 $2');
  t = t.replace(/\s{2,}/g, ' ').trim();
  return { text: t, struck: !!struck };
}

/** A line with no work in it: a link, an image, a tag, a placeholder, logistics or a meta field. */
export function isNeverItem(text: string, sectionTitle: string | null): boolean {
  const t = toHalfWidth(stripInlineMarkup(text)).trim();
  if (!t) return true;
  if (REFERENCE_ENTRY.test(t)) return true;
  if (META_FIELD.test(t) || PROJECT_HEADER.test(t) || MEETING_LOGISTICS.test(t) || FRAME_WORD.test(t) || INVITATION.test(t)) return true;
  if (PLACEHOLDER.test(t)) return true;
  if (NONE_WORD.test(t)) return !(sectionTitle && NONE_IS_ANSWER.test(sectionTitle));
  if (t.indexOf('http') !== -1 || t.indexOf('www.') !== -1 || t.indexOf('](') !== -1 || t.indexOf('<') !== -1) {
    if (LABELLED_LINK.test(t)) return true;
    const rest = t
      .replace(MARKDOWN_IMAGE, ' ')
      .replace(MARKDOWN_LINK, '$1')
      .replace(URL, ' ')
      .replace(HTML_TAG, ' ')
      .replace(/[\s:：,，.。;；\-–—|()（）[\]]+/g, '');
    const hadLink = rest.length < t.replace(/\s+/g, '').length;
    if (hadLink && rest.length <= LINK_REMAINDER_MAX) return true;
  }
  return !/[\p{L}\p{N}]/u.test(t);
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

/**
 * Sections whose content is not work: an editorial, chit-chat, link and repository lists, pictures,
 * restatements of items already listed (亮点 / 重点关注), a meeting's frame (checklist, attendees,
 * agenda notes, Q&A), and a project's meta block.
 */
const NOT_WORK_SECTION =
  /^(?:卷首语|编者按|前言|闲言碎语|碎碎念|题外话|杂谈|感想|参考链接|参考资料|相关链接|链接|references?|links?|会议图片|会议照片|图片|燃尽图|会议收获总结|会议收获|生活|个人生活|.*开源仓库.*|(?:本期|本周|本月)?(?:工作)?亮点(?:[:：].*)?|下周重点关注|重点关注|项目基本信息|基本信息|项目信息|项目概况|moderator checklist|attendees|participants|notes|questions(?:\s*\(q\/a\))?|q\s*&\s*a|q\/a|agenda|议程|参会人员|与会人员|文档\/代码迁入)$/i;

export function isNotWorkSection(title: string): boolean {
  return NOT_WORK_SECTION.test(toHalfWidth(title).trim());
}

/** A meeting's notes: mostly the topics it went through, sometimes what it settled. */
const MEETING_NOTES_SECTION = /^(?:meeting\s+)?notes$/i;

export function isMeetingNotesSection(title: string): boolean {
  return MEETING_NOTES_SECTION.test(toHalfWidth(title).trim());
}

/** "限流策略：按应用维度限流": a topic, then what was settled for it (two words at least after the colon). */
const TOPIC_AND_DECISION = /^[^:：，,。；;]{2,30}[:：]\s*[\p{L}\p{N}]{2}/u;
/** What a meeting decided, or what the work needs or waits on: "…需要设计资源", "…依赖账号中心接口", "人力不足". */
const DECISION_OR_NEED = /需要|依赖|决定|确定|敲定|定为|同意|采用|改为|改用|暂定|结论|共识|缺少|缺乏|不足|待(?:确认|协调|定|评估)/;

/**
 * A line of a meeting's notes that records a fact someone will look up (a decision, a need, a
 * dependency), not a topic label ("小程序使用场景") or the record of a talk ("讨论了值班安排").
 */
export function notesLineRecordsFact(text: string): boolean {
  const t = toHalfWidth(stripInlineMarkup(text)).trim();
  return TOPIC_AND_DECISION.test(t) || DECISION_OR_NEED.test(t);
}

/** Section words and the status they give items whose own words say nothing (or only plan). */
const DONE_SECTION = /已完成|本周完成|完成情况|完成事项|完成的工作|进展\/完成|完成了|^(?:done|completed|finished|committed|merged|shipped)$/i;
const IN_PROGRESS_SECTION = /进行中|正在进行|跟进中|^(?:in progress|wip|ongoing|reviewing|in review|doing)$/i;
const BLOCKED_SECTION = /阻塞|卡点|^(?:blockers?|blocked)$/i;
/** Sections whose items are plans by definition (下周工作及目标, Next week, ToDo). */
export const NEXT_WEEK_SECTION = /下周|下阶段|下期|下一周|next\s*week|^(?:todo|to do|plans?|next)$/i;

/** The status a section gives its items, innermost section first; null when none says. */
export function sectionStatus(sectionPath: readonly string[]): ItemStatus | null {
  for (let i = sectionPath.length - 1; i >= 0; i--) {
    const s = toHalfWidth(sectionPath[i]).trim();
    if (BLOCKED_SECTION.test(s)) return 'blocked';
    if (IN_PROGRESS_SECTION.test(s)) return 'in_progress';
    if (NEXT_WEEK_SECTION.test(s)) return 'planned';
    if (DONE_SECTION.test(s)) return 'done';
  }
  return null;
}

/**
 * A block heading written as a list line: "一、本周进展/完成", "二、下周计划", "Done:", "风险：" —
 * it names a part of the report, it is not work.
 */
const BLOCK_TITLE =
  /^(?:本周|上周|下周|本期|下期|本月|下阶段)?(?:工作)?(?:进展|进度|完成|已完成|计划|总结|展望|进度展望|工作总结|工作计划|风险|问题|求助|阻塞|需协调|需要协调的事项|目标|安排|内容)(?:\/(?:完成|进展|计划|总结))?(?:及(?:目标|计划|风险))?$|^(?:done|next week|blockers?|risks?|issues|plans?|progress|this week|last week)$/i;

export function isBlockTitle(text: string): boolean {
  return BLOCK_TITLE.test(toHalfWidth(stripInlineMarkup(text)).replace(/[:：]$/, '').trim());
}

/**
 * A short category label standing over a list ("Bug 修复", "RTL 新特性", "文档"): a section, not an
 * item. Only labels made of category words count, so a project name ("备付金系统") stays an item.
 */
const CATEGORY_LABEL =
  /^(?:[A-Za-z0-9 /&+-]{0,20}\s*)?(?:bug\s*修复|修复|问题修复|新特性|新功能|特性|功能|优化|性能优化|改进|重构|文档|测试|其他|其它|杂项|新增|变更|bug\s*fix(?:es)?|fix(?:es)?|features?|improvements?|docs?|documentation|refactor(?:ing)?|misc(?:ellaneous)?|others?|changes?|chores?)$/i;

export function isCategoryLabel(text: string): boolean {
  const t = toHalfWidth(stripInlineMarkup(text)).replace(/[:：]$/, '').trim();
  return t.length <= 20 && CATEGORY_LABEL.test(t);
}

// ---------------------------------------------------------------------------------------------
// Fenced blocks: prose or code
// ---------------------------------------------------------------------------------------------

const CODE_TOKEN = /->|=>|::|[{};=<>$]|\(\)|^\s*(?:def|function|import|from|class|return|if|for|while|const|let|var|public|private|#include|SELECT|INSERT)\b/m;
/** Markdown structure (a table row, a heading, a quote): the fence holds a document, not prose. */
const MARKDOWN_LINE = /^\s*(?:\||#{1,6}\s|>)/;
const CJK = /[\u4e00-\u9fff]/g;

/**
 * Whether a fenced block holds prose to read as items: mostly Chinese sentences with no code
 * punctuation. English commit messages and code stay out (they are not a team's own words).
 */
export function isProseFence(lines: readonly string[], info: string): boolean {
  if (info && !/^(?:text|txt|plain|markdown|md)?$/i.test(info.trim())) return false;
  const body = lines.join('\n');
  if (!body.trim()) return false;
  if (lines.some((l) => CODE_TOKEN.test(l) || MARKDOWN_LINE.test(l))) return false;
  const cjk = body.match(CJK)?.length ?? 0;
  const visible = body.replace(/\s+/g, '').length;
  return cjk >= 10 && cjk / visible >= 0.4;
}

export interface Sentence {
  text: string;
  /** Index of the line (within the block) where the sentence starts */
  line: number;
}

const SENTENCE_END = /[。！？!?]/;
const LIST_START = /^(?:[-*+•]\s+|\d{1,3}[.、)）]\s*|[(（]\d{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}、\s*)/;
/** A sentence this short ("下周兵分三路。") leads into the next one rather than standing alone. */
const SENTENCE_MIN = 25;

/**
 * Prose split into sentences, ending at 。！？. Lines are hard-wrapped text: a line break only
 * ends a sentence after closing punctuation or at a blank line. A very short sentence is joined to
 * the one after it, so a lead-in ("二是一定要看代码。") stays with what it introduces.
 */
export function splitSentences(lines: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let current = '';
  let start = 0;
  const flush = (force: boolean) => {
    const t = current.trim();
    if (!force && t.length < SENTENCE_MIN) return;
    if (/[\p{L}\p{N}]/u.test(t)) out.push({ text: t, line: start });
    current = '';
  };
  lines.forEach((line, index) => {
    let text = line.trim();
    if (!text) {
      flush(true);
      return;
    }
    const marker = LIST_START.exec(text);
    if (marker) {
      // A list written inside the fence: each entry is its own item.
      flush(true);
      text = text.slice(marker[0].length);
    }
    if (current && /[A-Za-z0-9]$/.test(current) && /^[A-Za-z0-9]/.test(text)) current += ' ';
    for (const ch of text) {
      if (!current.trim()) start = index;
      current += ch;
      if (SENTENCE_END.test(ch)) flush(false);
    }
  });
  flush(true);
  return out;
}

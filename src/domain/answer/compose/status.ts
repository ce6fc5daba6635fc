/** Status questions: where an item stands, whether an event happened, or a project's lines that week. */
import { formatMonthDay as md } from '../../calendar';
import type { StoredItem } from '../../records';
import { isGoalItem, isNothingItem } from '../match';
import type { Answer } from '../model';
import { sharedBigrams } from './metricFit';
import { EVENT_REACHED_BY, STATUS_WORDS, effectiveStatus, finish, isSupersededDate, nextStep, quote, staleNote, weekOf, type ComposeInput } from './shared';

export function composeStatus(input: ComposeInput): Answer {
  const { analysis, timeline } = input;
  const named = analysis.scopeExplicit && analysis.scope.kind !== 'latest' && analysis.scope.kind !== 'all';
  // 最早 / 原来: the story's first week answers (首批在成都试点), not its newest.
  const latest = named ? input.matches[0] : (analysis.asksEarliest ? timeline[0] : timeline[timeline.length - 1]) ?? input.matches[0];

  const project = projectChildren(input, latest);
  if (project) {
    const lines = project.children.map((c, n) => `${n + 1}. ${c.text}`);
    return finish(
      analysis.question,
      [`${weekOf(latest, input)}「${project.title}」：\n${lines.join('\n')}`, '\n' + staleNote(latest, input)],
      project.children,
    );
  }

  // 风险与问题 asked by its heading, and all it holds is 无.
  const emptyHeading = emptySection(input, latest);
  if (emptyHeading) {
    const said = emptyHeading === latest ? '没有列出事项' : `：${emptyHeading.text.replace(/[。.]$/, '')}`;
    return finish(analysis.question, [`没有。${weekOf(latest, input)}「${latest.text.replace(/[：:]$/, '')}」${said}。`], [emptyHeading]);
  }
  if (isNothingItem(latest)) {
    const section = latest.sectionPath[latest.sectionPath.length - 1] ?? '';
    return finish(analysis.question, [`没有。${weekOf(latest, input)}${section}：${latest.text.replace(/[。.]$/, '')}。`], [latest]);
  }
  const parts: string[] = [];
  const cited = [latest];
  if (analysis.event) {
    const event = analysis.event;
    // The subject's other lines that week count too (OAuth2 授权码模式改造已于12/5提测 / OAuth2 授权码模式上线，计划12/14).
    const lines = [...timeline].reverse().concat(input.matches.filter((m) => m.reportId === latest.reportId && !timeline.includes(m)));
    // A line that dates the event as a plan (预计12/14评审) outweighs its status (the line's other work may be done).
    const subject = analysis.subject;
    const byStatus = (i: StoredItem) => (EVENT_REACHED_BY[event] ?? ['launched', 'done']).includes(effectiveStatus(i)) && !i.dates.some((d) => d.planned && datesEvent(i, d, event, subject));
    // …and a newer line's plan outweighs an older line's done status (结汇方案：完成流程梳理 → 初稿完成，预计12/14评审).
    const firstPlan = lines.findIndex((i) => i.dates.some((d) => d.planned && datesEvent(i, d, event, subject)));
    // …and a newer line still under way (开发完成，预计12/12提测) outweighs an older line's done status.
    const doneAt = lines.findIndex(byStatus);
    const doneLine = doneAt >= 0 && lines.slice(0, doneAt).some((i) => i.reportDate > lines[doneAt].reportDate && OPEN.includes(effectiveStatus(i))) ? -1 : doneAt;
    // OKR跟各业务线对齐完了没, of 2024年OKR初稿完成，待与各业务线对齐: the asked deed's own clause is still to come,
    // whatever else the line says done.
    const pending = event === '完成' ? deedPending(subject, latest) : null;
    const reached = pending
      ? undefined
      : // 订单模块重构弄完没, of 商家App 5.6 版本：完成订单模块重构，进入测试: the asked work itself is said done,
      // whatever the line's own status (the release's) and plans.
      (event === '完成' ? lines.find((i) => workSaidDone(analysis.subject, i)) : undefined) ??
      // (发版由11/22推迟至11/28: 11/22 is the plan replaced, not a release.)
      lines.find((i) => i.dates.some((d) => happenedOn(i, d, event, subject))) ??
      (doneLine >= 0 && (firstPlan < 0 || doneLine < firstPlan) ? lines[doneLine] : undefined) ??
      // …or a line that says the deed in the past (搜索 query 纠错功能上线，纠错触发率 4.2%): not a plan, not an open to-do.
      (lines.some((i) => i.dates.some((d) => d.planned && datesEvent(i, d, event, subject))) ? undefined : lines.find((i) => statesDeed(i, event)));
    if (reached) {
      const d = reached.dates.find((x) => happenedOn(reached, x, event, subject));
      // In the line's own word when it wrote another (问卷于11/28发放: 已发放, not 已上线).
      const said = d && d.event === null ? (EVENT_WORDS[event] ?? []).find((w) => reached.text.includes(d.text + w)) : undefined;
      parts.push(`已${said ?? event}${d ? `（${md(d.iso)}，${reached.weekLabel}周报）` : `（${reached.weekLabel}周报）`}。`);
      // The line that dates the deed is the evidence; one that only has a done status comes after the newest line.
      if (reached !== latest && d) cited.unshift(reached);
      else if (reached !== latest) cited.push(reached);
    } else {
      // Newest week first, and within a line its last date (上线由12/12推迟至12/19: 12/19 is the plan now).
      // (原计划12/5) is the date replaced, not the plan.
      const plan = lines.flatMap((i) => i.dates.filter((d) => d.planned && datesEvent(i, d, event, subject) && !isSupersededDate(i, d)).reverse().map((d) => ({ i, d })))[0];
      const status = effectiveStatus(latest);
      const open = OPEN.includes(status);
      // CMDB二期开始联调了吗, of a next-week goal 「CMDB 二期联调」: the same report's work line on the
      // thing itself says where it stands (开发进度40%), before the goal.
      const standing = plan ? [] : workBeforeGoal(input, latest, event);
      if (standing.length) {
        parts.push(`尚未${event}（${event}列在下周计划）。${weekOf(latest, input)}周报本周：${standing.map(quote).join('；')}；下周计划：${quote(latest)}。`);
        cited.unshift(...standing);
        if (!analysis.asksEarliest) parts.push(staleNote(latest, input));
        return finish(analysis.question, parts, cited);
      }
      parts.push(pending ? `尚未完成：${pending}。` : plan ? `尚未${event}，计划 ${md(plan.d.iso)} ${event}。` : open ? `尚未${event}（${describeOpen(latest, status, subject)}）。` : `周报中没有${event}的记录。`);
      if (plan && plan.i !== latest) cited.push(plan.i);
    }
  } else {
    const deed = deedDone(analysis.subject, latest);
    const planned = deed ? null : deedPlanned(analysis.subject, latest);
    const pending = deed || planned ? null : pendingClause(analysis.subject, latest);
    parts.push(deed ? `已${deed}。` : planned ? `尚未${planned.deed}，计划 ${md(planned.iso)} ${planned.deed}。` : pending ? `尚未完成：${pending}。` : `${describeOpen(latest, effectiveStatus(latest), analysis.subject)}。`);
  }
  parts.push(`${weekOf(latest, input)}周报：${quote(latest)}。`);
  // 还差什么 / 下一步: the subject's other open lines that week (改造已提测 → 上线，计划12/14).
  const next = WHATS_LEFT.test(analysis.question) ? openSiblings(input, latest) : [];
  if (next.length) {
    parts.push(`同期还未完成：${next.map(quote).join('；')}。`);
    cited.push(...next);
  }
  if (!analysis.asksEarliest) parts.push(staleNote(latest, input));
  return finish(analysis.question, parts, cited);
}

/**
 * 等保测评报告拿到了没, of 等保整改项全部完成，测评报告待出具: the line's status (done) is its first
 * clause's; the clause that names the subject best (by shared two-character pieces, alone) says it is
 * still to come. Null unless the line is done and that clause is pending.
 */
function pendingClause(subject: string, item: StoredItem): string | null {
  if (!['done', 'launched'].includes(effectiveStatus(item))) return null;
  const clauses = item.text.split(/[，,；;。]/).map((c) => c.replace(/^[^：:]*[：:]/, '').trim()).filter(Boolean);
  if (clauses.length < 2) return null;
  const fits = clauses.map((c) => sharedBigrams(c, subject.toLowerCase()));
  const best = Math.max(...fits);
  if (!best || fits.filter((f) => f === best).length > 1) return null;
  const clause = clauses[fits.indexOf(best)];
  return PENDING.test(clause) && !/完成|已/.test(clause) ? clause : null;
}

/** A clause that says its thing is still to come: 待出具, 尚未签署, 预计12/20. */
const PENDING = /待|尚未|未(?!来)|还没|进行中|预计|计划/;

/** The question asks what is left of the work. */
const WHATS_LEFT = /还差|还剩|剩下|剩余|下一步|接下来|还有(?:什么|啥|哪些)/;

/**
 * Open lines of the same report about the same thing: the subject without its closing deed
 * (OAuth2授权码模式改造 → OAuth2授权码模式) written in the line.
 */
function openSiblings(input: ComposeInput, latest: StoredItem): StoredItem[] {
  const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const subject = plain(input.analysis.subject);
  const deed = [...subject].slice(-2).join('');
  const core = DEED.test(deed) ? [...subject].slice(0, -2).join('') : subject;
  if ([...core].length < 2) return [];
  return input
    .itemsOfReport(latest.reportId)
    .filter((i) => i.id !== latest.id && plain(i.text).includes(core) && OPEN.includes(effectiveStatus(i)))
    .slice(0, 3);
}

/**
 * The same report's lines of the week's work (not goals) on the thing the goal line names, its event
 * word left out (CMDB 二期联调 → CMDB 二期 → CMDB 二期开发进度40%); none unless the line is a goal.
 */
function workBeforeGoal(input: ComposeInput, goal: StoredItem, event: string): StoredItem[] {
  if (!isGoalItem(goal)) return [];
  const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const text = plain(goal.text).replace(/[。.；;]$/, '');
  const core = text.endsWith(event) ? text.slice(0, -event.length) : '';
  if ([...core].length < 2) return [];
  return input
    .itemsOfReport(goal.reportId)
    .filter((i) => i.id !== goal.id && !isGoalItem(i) && plain(i.text).startsWith(core))
    .slice(0, 2);
}

/** Statuses of work still under way. */
const OPEN: StoredItem['status'][] = ['planned', 'in_progress', 'testing', 'delayed', 'blocked'];

/**
 * 进行中，计划 12/12 提测: the status word, and the next dated step when the line plans one; a finished
 * line that dates what happened (已于12/5提测) says that event rather than a bare 已完成.
 */
function describeOpen(item: StoredItem, status: StoredItem['status'], subject: string): string {
  // Only a date of the subject's own sentence (aboutSubject): 仍按12/11上线 may be another item's.
  const next = nextStep(item);
  const ownNext = next && item.dates.some((d) => d.planned && d.iso === next.iso && aboutSubject(item, d, subject));
  if (next && ownNext && ['planned', 'in_progress', 'testing', 'delayed'].includes(status)) return `${STATUS_WORDS[status]}，计划 ${md(next.iso)}${next.event ? ` ${next.event}` : ''}`;
  const happened = [...item.dates].reverse().find((d) => !d.planned && d.event && aboutSubject(item, d, subject));
  if (happened && status === 'done') return `已${happened.event}（${md(happened.iso)}）`;
  // 修复慢查询日志时间单位错误 / 合入向量索引插件: a line of the week's work that opens with a deed reports it done.
  const deed = status === 'unknown' && !isGoalItem(item) && !/\[\s\]/.test(item.rawLine) ? DONE_OPENING.exec(item.text)?.[1] : undefined;
  return deed ? `已${deed}` : STATUS_WORDS[status];
}

/** Verbs that, opening a line about the week's work, report it done. */
const DONE_OPENING = /^(修复|合入|新增|完成|发布|上线|下线|接入|补充|输出|交付|修正|解决|关闭|新建|替换|移除|删除)/;

/**
 * The line is a heading (三、风险与问题) whose section holds only a bare 无, or nothing at all: the 无
 * line, or the heading itself when nothing is under it; null for any other line.
 */
function emptySection(input: ComposeInput, item: StoredItem): StoredItem | null {
  const under = input.itemsOfReport(item.reportId).filter((i) => i.sectionPath[i.sectionPath.length - 1] === item.text);
  if (under.length) return under.every(isNothingItem) ? under[0] : null;
  // ### 2. 测试报告自动生成 with its fields (任务描述, 截止日期) folded into the item's text is not empty.
  return OUTLINE_HEADING.test(item.rawLine) && !carriesFields(item) ? item : null;
}

/** The item's text says more than its heading line (the parser folded the fields under it into it). */
function carriesFields(item: StoredItem): boolean {
  const title = item.rawLine.replace(OUTLINE_HEADING, '').replace(/^\s*\d+\s*[.、．]\s*/, '').replace(/[*\s]/g, '');
  return item.text.replace(/[*\s]/g, '').length > title.length + 2;
}

/** 三、风险与问题 / ## 风险: a heading line of an outline, not a line of work. */
const OUTLINE_HEADING = /^\s*(?:[一二三四五六七八九十]+\s*[、.．]|#{1,6}\s)/;

/**
 * When the subject names a project heading (POS收单系统建设) rather than one line, the answer is the
 * project's lines that week.
 */
function projectChildren(input: ComposeInput, item: StoredItem): { title: string; children: StoredItem[] } | null {
  const subject = input.analysis.subject.toLowerCase().replace(/\s+/g, '');
  if (subject.length < 2) return null;
  const inHeading = item.sectionPath.some((s) => s.toLowerCase().replace(/\s+/g, '').includes(subject));
  const own = item.text.toLowerCase();
  if (!inHeading && own.includes(subject) && own.length > subject.length + 6) return null;
  const all = input.itemsOfReport(item.reportId);
  const titles = new Set<string>();
  for (const i of all) for (const s of i.sectionPath) if (s.toLowerCase().replace(/\s+/g, '').includes(subject)) titles.add(s);
  if (item.text.toLowerCase().replace(/\s+/g, '').includes(subject)) titles.add(item.text);
  for (const title of titles) {
    const children = all.filter((i) => i.sectionPath.includes(title) && !isNothingItem(i));
    if (children.length >= 2) return { title: title.replace(/[，,].*$/, ''), children };
  }
  return null;
}


/**
 * 汇通环球签约了吗: the subject ends in a deed (签约, 评审, 联调) that the line says is done (完成签约,
 * 已签约, 签约完成), whatever the item's own status (the line may go on to the next step).
 */
function deedDone(subject: string, item: StoredItem): string | null {
  if (['delayed', 'cancelled', 'blocked'].includes(item.status)) return null;
  const runs = subject.match(/\p{Script=Han}+|[a-z0-9]+/giu) ?? [];
  const last = runs[runs.length - 1] ?? '';
  // The deed must follow something it is done to (蓝牙配网Demo跑通, 汇通环球签约).
  if (!/\p{Script=Han}/u.test(last) || [...runs.join('')].length < 4 || [...last].length < 2) return null;
  const deed = [...last].slice(-2).join('');
  if (!DEED.test(deed)) return null;
  const text = item.text;
  if (workSaidDone(subject, item)) return deed;
  const at = text.indexOf(deed);
  if (at < 0) return null;
  const before = text.slice(Math.max(0, at - 3), at);
  const after = text.slice(at + deed.length, at + deed.length + 4);
  if (/(?:未|没|待|计划|预计|将|需)$/.test(before) || /^\s*[（(，,]?\s*(?:计划|预计)/.test(after)) return null;
  return /(?:完成|已经?)$/.test(before) || /^(?:完成|已完成|通过|结束)/.test(after) || COMPLETIVE.test(deed) ? deed : null;
}

/**
 * 完成订单模块重构 / 口径管理页面开发完成: the subject's last run of words (four characters or more, the
 * asked work) written in the line right after 完成 / 已, or right before 完成 — said done, whatever the
 * line's own status (a release's 进入测试) and plans.
 */
function workSaidDone(subject: string, item: StoredItem): boolean {
  if (['delayed', 'cancelled', 'blocked'].includes(item.status)) return false;
  // The last run of four characters or more (a particle the question leaves, 弄完没 → 没, is not the work).
  const work = (subject.match(/\p{Script=Han}{4,}/gu) ?? []).pop() ?? '';
  if (!work) return false;
  const text = item.text;
  const at = text.indexOf(work);
  if (at < 0) return false;
  const before = text.slice(Math.max(0, at - 6), at);
  // 上线前需要完成数据核对: 完成 intended, not done.
  if (/(?:需要?|要|计划|预计|待|将|拟|准备|未|没|尚未)\s*(?:完成|已经?)$/.test(before)) return false;
  const after = text.slice(at + work.length, at + work.length + 8);
  // …right before 完成 only as the clause's whole subject (测试集群升级完成 says a part, 测试, of 集群升级
  // done), and not before a share (翻译完成 88% is progress).
  return /(?:完成|已经?)$/.test(before) || (/^(?:已?完成|开发完成|已上线)(?!\s*\d)/.test(after) && !/\p{Script=Han}$/u.test(before));
}

/**
 * The line's clause that names the subject's closing deed as still to come (待与各业务线对齐), or null;
 * null too when the line says the asked work itself done (测试环境升级完成，生产环境计划12/5升级).
 */
function deedPending(subject: string, item: StoredItem): string | null {
  const deed = askedDeed(subject);
  if (!deed || workSaidDone(subject, item)) return null;
  const clauses = item.text.split(/[，,；;。]/).map((c) => c.replace(/^[^：:]*[：:]/, '').trim());
  return clauses.find((c) => c.includes(deed) && PENDING.test(c) && !/完成|已/.test(c)) ?? null;
}

/** The deed the subject ends in (K8s生产集群升级 → 升级), when it follows something it is done to. */
function askedDeed(subject: string): string | null {
  const runs = subject.match(/\p{Script=Han}+|[a-z0-9]+/giu) ?? [];
  const last = runs[runs.length - 1] ?? '';
  if (!/\p{Script=Han}/u.test(last) || [...runs.join('')].length < 4 || [...last].length < 2) return null;
  const deed = [...last].slice(-2).join('');
  // 坐席工作台 ends in 作台, a piece of a name: only a word for doing something is a deed.
  return DEED.test(deed) ? deed : null;
}

/** Two-character words for doing something to a piece of work (a name's last two characters are not). */
const DEED = /^(?:升级|迁移|上线|提测|发布|发版|签约|评审|联调|灰度|演练|开发|下线|切换|验收|续期|扩容|修复|部署|接入|对接|全量|开放|标定|调研|立项|合入|改造|重构|测试|上架|启动|清理|整改|治理|优化|交付|报送|发放|归档|回收|跑通|通过|达成|达标|解决|完成|关闭|评估|设计|训练|导入|同步|替换|升迁|搭建|实施|落地|投产|接通|打通|对齐)$/;

/** The line dates the deed as a plan (仍按12/12升级, 升级，计划12/12): not done yet. */
function deedPlanned(subject: string, item: StoredItem): { deed: string; iso: string } | null {
  const deed = askedDeed(subject);
  if (!deed) return null;
  const text = item.text;
  for (const d of item.dates.filter((x) => x.planned)) {
    const at = text.indexOf(d.text);
    if (at < 0) continue;
    const after = text.slice(at + d.text.length, at + d.text.length + 4);
    const before = text.slice(Math.max(0, at - 8), at);
    if (after.includes(deed) || (before.includes(deed) && /计划|预计/.test(before))) return { deed, iso: d.iso };
  }
  return null;
}

/** Deeds that are themselves an outcome: a line that says them says they happened. */
const COMPLETIVE = /^(?:跑通|通过|达成|达标|解决|修复|完成|上线|签约|发放|续期|合入|关闭|下线)$/;

type ItemDate = StoredItem['dates'][number];

/**
 * A date for the event: tagged with it, or untagged in a line that names the event (上线，计划12/14) —
 * and, in a line of several sentences, about the subject (aboutSubject).
 */
function datesEvent(item: StoredItem, date: ItemDate, event: string, subject: string): boolean {
  return (date.event === event || (date.event === null && (EVENT_WORDS[event] ?? [event]).some((w) => item.text.includes(w)))) && aboutSubject(item, date, subject);
}

/**
 * The event happened that day: a past date tagged with it, or an untagged one the event's word follows
 * (问卷于11/28发放), not a plan replaced since, and about the subject.
 */
function happenedOn(item: StoredItem, date: ItemDate, event: string, subject: string): boolean {
  if (date.planned || isSupersededDate(item, date)) return false;
  const at = item.text.indexOf(date.text);
  const after = at < 0 ? '' : item.text.slice(at + date.text.length, at + date.text.length + 3);
  const tagged = date.event === event || (date.event === null && (EVENT_WORDS[event] ?? [event]).some((w) => after.startsWith(w)));
  return tagged && aboutSubject(item, date, subject);
}

/**
 * A prose line of several sentences may date other work than the subject: 商户流失预警模型联调完成，仍按
 * 12/11上线。商户满意度调研回收问卷… dates the model, not the survey. A date counts unless another sentence
 * names the subject (shares a two-character piece with it) and the date's own sentence does not.
 */
function aboutSubject(item: StoredItem, date: ItemDate, subject: string): boolean {
  const sentences = item.text.split(/(?<=[。；;！!？?])/).filter((t) => t.trim());
  if (sentences.length < 2) return true;
  const own = sentences.find((t) => t.includes(date.text));
  if (!own || sharedBigrams(own, subject) > 0) return true;
  return !sentences.some((t) => t !== own && sharedBigrams(t, subject) > 0);
}

/** What an event word modifies when it names a thing for the event: 上线检查单, 提测清单, 上线方案, 上线前. */
const EVENT_AS_MODIFIER = /^(?:检查|清单|方案|计划|准备|前|窗口|申请|材料|文档|流程|手册|演练|checklist)/i;

/** The words a line may use for an event (上线 is also 发布 / 投产 / 发版 / 上架; a survey or coupons 发放 go out). */
const EVENT_WORDS: Record<string, string[]> = {
  上线: ['上线', '投产', '发布', '发版', '上架', '发放'],
  提测: ['提测', '送测'],
  完成: ['完成', '结束', '做完'],
};

/**
 * The line states the event as done, in words: the event word with no plan or negation before it
 * and no plan after it, in a line that is not a next-week goal or an open to-do.
 */
function statesDeed(item: StoredItem, event: string): boolean {
  if (isGoalItem(item) || /\[\s\]/.test(item.rawLine)) return false;
  const text = item.text;
  // 技术方案评审通过，研发启动: the event with its outcome is said done, whatever the line's status (the
  // next step's, 研发启动) says.
  if ((EVENT_WORDS[event] ?? [event]).some((w) => new RegExp(`(?<!(?:计划|预计|将|待|准备|需要?|未|没|拟|要)\\s*)${w}(?:已|已经)?(?:通过|完成|结束)`).test(text))) return true;
  if (!['unknown', 'done', 'launched', 'testing'].includes(effectiveStatus(item))) return false;
  return (EVENT_WORDS[event] ?? [event]).some((w) => {
    const at = text.indexOf(w);
    if (at < 0) return false;
    const before = text.slice(Math.max(0, at - 4), at);
    const after = text.slice(at + w.length, at + w.length + 5);
    // 整理上线检查单 / 上线方案: the event word naming a thing for it (a checklist, a plan), not a deed.
    return !/(?:计划|预计|将|待|准备|需要?|未|没|拟|要)\s*$/.test(before) && !/^\s*[（(，,]?\s*(?:计划|预计|时间|日期)/.test(after) && !EVENT_AS_MODIFIER.test(after);
  });
}

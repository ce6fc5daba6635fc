/**
 * The offline question-answering pipeline: understand → scope → retrieve → keep what is about the
 * subject (ranking.ts) → build the subject's timeline (timeline.ts) → compose (src/domain/answer/
 * compose). Questions without a subject go to whole-report answers (a week, a plan, a person:
 * people.ts; two weeks: weeks.ts) or to a listing by status (byStatus.ts). Every dependency is
 * injected (store, retriever, aliases, clock), so the CLI, the console, Slack and the tests share
 * exactly this path; the model path (answerWithModel.ts) starts from the evidence it gathers.
 */
import type { StoredItem, StoredReport } from '../../domain/records';
import {
  askedReportRole,
  asksPeopleCount,
  composeAnswer,
  composePeopleCount,
  composePlan,
  composeProjectState,
  composeReportRole,
  composeWeekSummary,
  projectHeader,
  type ProjectHeader,
  notFound,
  spelledCounts,
  withoutFigures,
} from '../../domain/answer/compose';
import { memoizedChains } from '../../domain/answer/identity';
import { isGoalItem } from '../../domain/answer/match';
import type { Answer, AskContext } from '../../domain/answer/model';
import { isContentFree } from '../../domain/answer/chitChat';
import { analyzeQuestion, hasHan, normalizeQuestion, translateEnglishQuestionWords, type QuestionAnalysis } from '../../domain/answer/question';
import { reportIndex } from '../../domain/answer/reportIndex';
import { localDateIn } from '../../domain/calendar';
import { resolveScope, type ResolvedScope } from '../../domain/answer/scope';
import type { AnswerDeps, AnswerEvidence } from './answerDeps';
import { itemsWithoutSubject, withStatus } from './byStatus';
import { subjectAsReported } from './reportSpelling';
import { contentTerms, forMatch, groundsAll, isQualifier, ownHaystack, withoutDelayWords, type GroundTerm } from './grounding';
import { describedSubject, teamStatesDescription } from './described';
import { heldByTeam } from './spellings';
import { memoItems } from './itemCache';
import { answerPerson, answerWho, ownerOf } from './people';
import { chainSource, hintFor, noMatchReason, rankBySubject } from './ranking';
import { knownOwners } from './termStats';
import { sameItemStretch, sameStretch, storyOf, versionDatesRemoved, withPlannedGoal } from './timeline';
import { compareSubject, compareWeeks, lastTwoReports } from './weeks';

export type { AnswerDeps, AnswerEvidence } from './answerDeps';

export function answerQuestion(rawQuestion: string, deps: AnswerDeps, context: AskContext = {}): Answer {
  return collectAnswerEvidence(rawQuestion, deps, context).answer;
}

const HELP_TEXT =
  '没有看懂这个问题。可以这样问：光大备份通道什么时候上线？第48周入金有效成功率是多少？谁负责POS收单系统建设？支付中心第48周做了什么？下周计划有哪些？';
const ENGLISH_TEXT = '离线模式只回答中文问题（可以中英混合，例如：When does 光大备份通道 go live?）。纯英文提问请启用 LLM 模式（设置 OPENAI_API_KEY）。';

export function collectAnswerEvidence(rawQuestion: string, deps: AnswerDeps, context: AskContext = {}): AnswerEvidence {
  const question = rawQuestion.trim();
  const evidence = collectEvidence(question, deps, context);
  // A purely English question the offline reader could not ground: say that the model answers English.
  // (thanks / ok are not English questions: chat gets the help text, as 收到 does.)
  if (!evidence.answer.found && question && !hasHan(question) && /[a-z]{3}/i.test(question) && deps.reports().length && !isContentFree(question)) {
    evidence.answer = notFound(question, ENGLISH_TEXT);
  }
  return evidence;
}

function collectEvidence(question: string, deps: AnswerDeps, context: AskContext): AnswerEvidence {
  const stopped = (answer: Answer, analysis: QuestionAnalysis | null = null, scope: ResolvedScope | null = null, latest = new Map<string, StoredReport>()): AnswerEvidence => ({
    answer,
    analysis,
    scope,
    matches: [],
    timeline: [],
    latestReportByTeam: latest,
  });
  const reports = deps.reports();
  if (!question) return stopped(notFound(question, '请输入一个问题，例如：光大备份通道什么时候上线？'));
  if (!reports.length) return stopped(notFound(question, '知识库里还没有周报。请先导入（zhoubao ingest data/samples）或在私信中提交周报。'));
  // 🙂, ？？？, *: nothing to look for; 收到🙏, 好的谢谢, 辛苦了: chat, nothing asked (chitChat.ts).
  if (!/[\p{L}\p{N}]/u.test(normalizeQuestion(question)) || isContentFree(question)) return stopped(notFound(question, HELP_TEXT));

  const index = reportIndex(reports); // built once per report list: no pass over every report per question
  const knownTeams = [...index.teams];
  const knownPeople = knownOwners(deps.store);
  const referenceYear = index.referenceYear;
  // The asker's year, where they are (明年 is the year after it).
  const thisYear = Number(localDateIn(context.now ?? deps.clock(), deps.timeZone).slice(0, 4));
  const read = (q: string, previous: QuestionAnalysis | null) =>
    analyzeQuestion(translateEnglishQuestionWords(q), { knownTeams, previous, referenceYear, knownPeople, thisYear });
  let previous: QuestionAnalysis | null = null;
  for (const q of context.previousQuestions ?? []) previous = read(q, previous);
  const analysis = read(question, previous);
  analysis.question = question;
  if (!analysis.teams.length && context.defaultTeam && knownTeams.includes(context.defaultTeam)) {
    analysis.teams = [context.defaultTeam];
  }

  if (analysis.unknownTeam) {
    return stopped(notFound(question, `没有「${analysis.unknownTeam}」的周报（已有团队：${knownTeams.join('、')}）。`), analysis);
  }
  const now = context.now ?? deps.clock();
  const latestReportByTeam = latestByTeam(reports);
  const itemsOf = memoItems(deps);
  // 闻达这周在做什么 / 乔安上周做了什么: the week of the person's own team, not of whichever team
  // reported that week (on an old store, its newest report).
  const personTeams = analysis.person && !analysis.teams.length && analysis.scope.kind === 'relative' ? teamsNaming(analysis.person, latestReportByTeam, itemsOf) : [];
  let scope = resolveScope(analysis.scope, reports, personTeams.length ? personTeams : analysis.teams, now, deps.timeZone);
  if (scope.emptyReason) return stopped(notFound(question, scope.emptyReason), analysis, scope, latestReportByTeam);
  const withNotice = (e: AnswerEvidence): AnswerEvidence => {
    if (scope.notice && e.answer.found) e.answer = { ...e.answer, answer: scope.notice + e.answer.answer };
    return e;
  };
  const done = (answer: Answer, matches: StoredItem[] = [], timeline: StoredItem[] = []): AnswerEvidence =>
    withNotice({ answer, analysis, scope, matches, timeline, latestReportByTeam });

  let terms = contentTerms(analysis.subject, deps.aliases, deps.store);
  let chains = memoizedChains(chainSource(analysis, terms, deps, itemsOf));
  const reportsInView = () => scopedOrLatest(scope.reports, analysis.teams, reports, latestReportByTeam);

  // 周报谁写的 / 周会谁主持 / 记录人是谁: the report's header names them, not a work line.
  const role = analysis.person ? null : askedReportRole(question, analysis.subject);
  if (role) {
    const inView = reportsInView().map((report) => ({ report, rawText: deps.store.rawText(report.id) ?? '' }));
    return done(composeReportRole(question, role, inView));
  }
  // 数据平台组第49周有几个人写了周报: the people a team's report names, counted.
  if (analysis.teams.length && !analysis.person && asksPeopleCount(analysis)) {
    return done(composePeopleCount(question, reportsInView(), itemsOf, ownerOf, knownPeople));
  }
  // Whole-report answers: no subject, the report (or a person's part of it) is the answer.
  if (!terms.length) {
    const counting = COUNT_ASKED.test(question);
    if (analysis.person && analysis.type !== 'who') return done(answerPerson(analysis, deps, scope.reports, itemsOf));
    if (analysis.asksPlan && analysis.type !== 'compare') return done(composePlan(question, reportsInView(), itemsOf, '', counting));
    switch (analysis.type) {
      case 'plan':
        return done(composePlan(question, reportsInView(), itemsOf, '', counting));
      case 'compare':
        return done(compareWeeks(analysis, scope.reports ?? lastTwoReports(analysis.teams, reports), itemsOf, knownTeams));
      case 'weekSummary':
        // 总结 / 做了什么 with no team and no week names nothing to summarise: every team's newest report is not an answer.
        if (!analysis.teams.length && !analysis.scopeExplicit) return stopped(notFound(question, HELP_TEXT), analysis, scope, latestReportByTeam);
        return done(composeWeekSummary(question, reportsInView(), itemsOf));
      default:
        break;
    }
    const listing = analysis.type === 'list' || analysis.type === 'count' || !!analysis.statusFilter;
    if (!listing) {
      // 支付中心最新情况 / 第48周怎么样: a team or week with nothing more is a summary of it.
      if (analysis.teams.length || (analysis.scopeExplicit && analysis.scope.kind !== 'all')) {
        return done(composeWeekSummary(question, reportsInView(), itemsOf));
      }
      return stopped(notFound(question, HELP_TEXT), analysis, scope, latestReportByTeam);
    }
  }

  let matches: StoredItem[];
  if (!terms.length) {
    // No subject (第48周有哪些事项延期了 / 列出所有延期的事项): the scope and the status filter select.
    matches = inNamedSection(question, itemsWithoutSubject(analysis, deps, scope.reports, latestReportByTeam));
    // 第50周有几个事项: the week's own items; next week's plan is counted only when asked (下周计划有几项).
    if (analysis.type === 'count' && !analysis.statusFilter && !analysis.asksPlan && matches.some((i) => !isGoalItem(i))) matches = matches.filter((i) => !isGoalItem(i));
  } else {
    // A word no line has may still be in a team's name (客服 in 智能客服项目组): then the team's lines may hold the rest.
    const teamNames = knownTeams.map(forMatch);
    const unknown = terms.filter((t) => t.df === 0 && !isQualifier(t) && !t.optional && !heldByTeam(t, teamNames, deps.store));
    if (unknown.length) {
      return stopped(notFound(question, `周报中没有提到「${unknown.map((t) => t.text).join('」「')}」。${hintFor(analysis)}`), analysis, scope, latestReportByTeam);
    }
    let ranked = rankBySubject(analysis, terms, deps, scope.reports, chains, itemsOf);
    const undelayed = withoutDelayWords(terms);
    if (!ranked.matches.length && undelayed !== terms) {
      terms = undelayed;
      chains = memoizedChains(chainSource(analysis, terms, deps, itemsOf));
      ranked = rankBySubject(analysis, terms, deps, scope.reports, chains, itemsOf);
    }
    if (!ranked.matches.length && analysis.scope.kind === 'relative' && analysis.scope.offset === 0 && !analysis.teams.length) {
      // 本周K8s生产集群升级了吗, asked before the subject's team has reported this week: its newest report answers, named.
      const waiting = [...latestReportByTeam.values()].filter((r) => !scope.reports?.some((s) => s.team === r.team) && daysBefore(r.reportDate, now) > 3);
      const fallback = rankBySubject(analysis, terms, deps, waiting, chains, itemsOf);
      const team = fallback.matches[0]?.team;
      const newest = team ? latestReportByTeam.get(team) : undefined;
      if (team && newest) {
        ranked = fallback;
        scope = { reports: [newest], label: newest.weekLabel, emptyReason: null, notice: `本周${team}还没有周报；最近一份是${newest.weekLabel}（${newest.reportDate}）：` };
      }
    }
    // 按应用维度限流的那个 API 网关: when no line names the thing itself (the best one is where the
    // description was said), the thing alone answers, in a team whose reports state the description.
    const described = describedSubject(question, terms);
    if (described && !(ranked.matches[0] && groundsAll(described.named, ownHaystack(ranked.matches[0])))) {
      const byThing = rankBySubject(analysis, described.named, deps, scope.reports, memoizedChains(chainSource(analysis, described.named, deps, itemsOf)), itemsOf);
      const team = byThing.matches[0]?.team;
      if (team && groundsAll(described.named, ownHaystack(byThing.matches[0])) && teamStatesDescription(team, described.described, deps)) {
        terms = described.named;
        chains = memoizedChains(chainSource(analysis, terms, deps, itemsOf));
        ranked = { ...byThing, matches: byThing.matches.filter((m) => m.team === team) };
      }
    }
    if (!ranked.matches.length) {
      // 自动化测试平台二期现在处于什么阶段: a project named only in its reports' header (项目名称 / 项目状态).
      const header = analysis.type === 'status' || analysis.type === 'general' ? projectStateFromHeader(terms, reportsInView(), deps) : null;
      if (header) return done(composeProjectState(question, header.report, header.header));
      return stopped(notFound(question, ranked.nearMiss ?? noMatchReason(analysis, terms, scope)), analysis, scope, latestReportByTeam);
    }
    matches = ranked.matches;
  }
  if (analysis.statusFilter) matches = withStatus(analysis, matches, !!scope.reports);
  if (!matches.length) {
    const what = analysis.subject ? `「${withoutFigures(analysis.subject)}」` : '符合条件的事项';
    const where = [analysis.teams.join('、'), scope.label].filter(Boolean).join(' ');
    return stopped(
      notFound(question, `没有在${where ? where + '的' : ''}周报中找到${what}。可以换个说法，或指明团队和周次（例如：支付中心 第48周 …）。`),
      analysis,
      scope,
      latestReportByTeam,
    );
  }

  const best = matches[0];
  // 离线指标开发完成了多少个: a subject whose line counts it (已完成开发35个) asks for that figure, not for a list.
  if (analysis.type === 'count' && terms.length && countsItself(best, question)) analysis.type = 'metric';
  // 自查清单一共列了多少项: 多少项 of a subject one of whose lines counts itself (共26项) asks for that count.
  if (analysis.type === 'list' && !analysis.statusFilter && terms.length && COUNT_ASKED.test(question) && matches.slice(0, 3).some((m) => countsItself(m, question))) analysis.type = 'metric';
  if (analysis.type === 'who') return done(answerWho(analysis, matches, chains, itemsOf, knownPeople), matches);
  if (analysis.type === 'compare') return done(compareSubject(analysis, matches, scope.reports ?? [], deps, chains), matches);

  // The asked week ends the story, in the best match's team (another team's 第47周 may end later).
  const ownScope = scope.reports?.filter((r) => r.team === best.team) ?? [];
  const until = analysis.scopeExplicit && ownScope.length ? ownScope.map((r) => r.reportDate).sort().pop()! : null;
  // A status asked of the item as it stands (no event, no change, no earlier week) is its newest week's.
  const asksStanding = analysis.type === 'status' && !analysis.asksChange && !analysis.asksEarliest && !analysis.scopeExplicit;
  let story = analysis.type === 'list' || analysis.type === 'count' ? [] : storyOf(best, terms, chains(best, until), asksStanding);
  // A detail named only in the week the work started (差分升级 under 网关固件 OTA): when the story has no
  // date for the asked event, the same item's later weeks (the chain, by identity) may have it.
  if (analysis.type === 'when' && story.length && !story.some((i) => i.dates.some((d) => !analysis.event || d.event === analysis.event))) {
    const chain = sameItemStretch(best, terms, chains(best, until));
    if (chain.some((i) => i.reportDate > best.reportDate && i.dates.some((d) => !analysis.event || d.event === analysis.event))) story = chain;
  }
  // 报名于12/6截止 (newest) beside 报名系统于11/21上线: when the best line's story has no date for the
  // asked event, another line about the subject that has one tells it — from the same stretch of
  // weeks: a line years away is another round of the work, its date not this round's.
  if (analysis.type === 'when' && analysis.event && !story.some((i) => i.dates.some((d) => d.event === analysis.event))) {
    const dated = matches.find((m) => m !== best && m.dates.some((d) => d.event === analysis.event) && sameStretch(m, story.length ? story : [best]));
    if (dated) story = storyOf(dated, terms, chains(dated, until));
  }
  const timeline = analysis.type === 'when' ? withPlannedGoal(story, matches, analysis.event) : story;
  const asked = versionDatesRemoved(terms);
  // 清分引擎重写 of a heading 清分引擎重构: the composers read the subject as the best line spells it.
  const spelled = subjectAsReported(analysis.subject, terms, best);
  const answer = composeAnswer({
    analysis: spelled === analysis.subject ? analysis : { ...analysis, subject: spelled },
    matches: matches.map(asked),
    timeline: timeline.map(asked),
    latestReportByTeam,
    scopeLabel: scope.label,
    itemsOfReport: itemsOf,
    reportsOfTeam: (team) => reports.filter((r) => r.team === team).sort((a, b) => a.reportDate.localeCompare(b.reportDate)),
  });
  return done(answer, matches, timeline);
}

/** The newest report in view whose header names the whole subject as its project and states where it is. */
function projectStateFromHeader(terms: GroundTerm[], inView: StoredReport[], deps: AnswerDeps): { report: StoredReport; header: ProjectHeader } | null {
  for (const report of [...inView].sort((a, b) => b.reportDate.localeCompare(a.reportDate))) {
    const header = projectHeader(deps.store.rawText(report.id) ?? '');
    if (header && groundsAll(terms, forMatch(header.name.value))) return { report, header };
  }
  return null;
}

/** 几项 / 多少个 / 几条: the question asks how many. */
const COUNT_ASKED = /(?:几|多少)\s*[个项件条]/;

/**
 * 本周工作有几项 / 风险与问题有哪些: a section the question names by its heading keeps the lines under
 * it; heading lines themselves (一、本周工作 parsed as a line) are not work.
 */
function inNamedSection(question: string, items: StoredItem[]): StoredItem[] {
  const plain = (s: string) => s.normalize('NFKC').replace(/[\s【】\[\]*#:：]/g, '').replace(/^[一二三四五六七八九十\d]+[、.．]/, '');
  const asked = question.normalize('NFKC').replace(/\s+/g, '');
  const headings = new Set(items.flatMap((i) => i.sectionPath.map(plain)).filter((h) => [...h].length >= 2));
  const named = [...headings].filter((h) => asked.includes(h)).sort((a, b) => b.length - a.length)[0];
  const lines = items.filter((i) => !headings.has(plain(i.text)));
  if (named) return lines.filter((i) => i.sectionPath.some((s) => plain(s) === named));
  // 有几个待办: the to-do lines (- [ ] / - [x]) when the report keeps them.
  const todos = /待办|todo/i.test(asked) ? items.filter((i) => /\[[ xX]\]/.test(i.rawLine)) : [];
  return todos.length ? todos : items;
}

/** The best line states a count in the measure word asked (多少个 → 35个, 几项 → 3项) or a done-of-total (455/520). */
function countsItself(item: StoredItem, question: string): boolean {
  const measure = /(?:几|多少)\s*([个项件条])/.exec(question)?.[1];
  return !!measure && [...item.metrics, ...spelledCounts(item.text)].some((m) => m.unit.startsWith(measure) || m.unit.startsWith('/'));
}

/** Whole days from a report date (ISO) to the moment asked. */
function daysBefore(reportDate: string, now: Date): number {
  return (now.getTime() - Date.parse(`${reportDate}T23:59:59Z`)) / 86_400_000;
}

/** Teams whose latest report names the person as an owner or a heading. */
function teamsNaming(person: string, latest: Map<string, StoredReport>, itemsOf: (reportId: number) => StoredItem[]): string[] {
  return [...latest].filter(([, r]) => itemsOf(r.id).some((i) => ownerOf(i) === person || i.sectionPath.includes(person))).map(([team]) => team);
}

/** The scope's reports, else every (asked) team's latest report. */
function scopedOrLatest(scoped: StoredReport[] | null, teams: string[], reports: StoredReport[], latest: Map<string, StoredReport>): StoredReport[] {
  const base = scoped ?? reports.filter((r) => r.reportDate === latest.get(r.team)?.reportDate);
  return teams.length ? base.filter((r) => teams.includes(r.team)) : base;
}

function latestByTeam(reports: StoredReport[]): Map<string, StoredReport> {
  return new Map(reportIndex(reports).latestByTeam);
}

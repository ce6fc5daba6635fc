/**
 * Posting the week's changes to a team channel: once per team and week (the claim is a SQLite row,
 * so a restart or a second replica never posts it again), right after the compiled report. One
 * channel message with the summary; the detail lines and a small chart per moved metric in its thread.
 */
import type { Logger } from '@slack/bolt';
import { formatChangesDigest } from '../domain/changes/digest';
import { changesForTeamWeek } from '../services/changes/service';
import type { MetricChange, MetricPoint } from '../domain/changes/types';
import { metricChangeChart, weeklySeriesChart } from '../adapters/charts/metricChart';
import type { FollowupService } from '../services/followups/service';
import { KnowledgeBase } from '../services/knowledgeBase';
import type { KnowledgeBaseApi } from '../services/knowledgeBaseTypes';
import { changesDetailMessages, changesSummaryMessage } from './blocks/changes';
import type { HomeChanges } from './blocks/home';
import { postMessage } from './reply';
import type { SlackClient } from './types';

/** More charts than this in one thread is noise; the detail lines still list every metric. */
export const MAX_DIGEST_CHARTS = 6;
/** The digest's charts are thumbnails next to their detail lines; a trend answer's chart keeps the full size. */
const DIGEST_CHART_SIZE = { width: 560, height: 280 };

export type DigestPostOutcome = 'posted' | 'already-posted' | 'nothing-to-post';

/**
 * Posts the team's changes for the week ending `reportDate` in `channel`, unless they were posted
 * (or claimed by another process) before. Nothing is claimed when there is nothing to say (no
 * report, nothing to compare with, no change): a later run with more reports may still post.
 */
export async function postChangesDigestOnce(
  client: SlackClient,
  service: FollowupService,
  team: string,
  reportDate: string,
  channel: string,
  logger?: Pick<Logger, 'error'>,
): Promise<DigestPostOutcome> {
  const changes = changesForTeamWeek(service.kb.store, team, reportDate);
  if (!changes || !changes.previous || !changes.changes.length) return 'nothing-to-post';
  if (!service.store.claimChangesDigest(team, reportDate)) return 'already-posted';
  const digest = formatChangesDigest(changes);
  let ts: string | null;
  try {
    ts = (await postMessage(client, channel, changesSummaryMessage(digest))) ?? null;
  } catch (error) {
    // Nothing was shown: give the claim back so the next run posts it.
    service.store.releaseChangesDigest(team, reportDate);
    throw error;
  }
  service.store.recordChangesDigest(team, reportDate, channel, ts);
  if (!ts) return 'posted';
  // The summary is up and recorded: a failing detail or chart is logged, never posted twice.
  try {
    for (const message of changesDetailMessages(digest)) await postMessage(client, channel, message, ts);
  } catch (error) {
    logger?.error(`posting the details of ${team} ${changes.weekLabel}'s changes failed:`, error);
  }
  const metrics = changes.changes.filter((c): c is MetricChange => c.kind === 'metric' && c.series.length >= 2).slice(0, MAX_DIGEST_CHARTS);
  for (const [i, metric] of metrics.entries()) {
    try {
      await uploadChart(client, channel, ts, { ...metricChangeChart(metric, team), ...DIGEST_CHART_SIZE }, `${team}-${changes.weekLabel}-指标${i + 1}.png`);
    } catch (error) {
      logger?.error(`uploading the chart of ${metric.subject} failed:`, error);
    }
  }
  return 'posted';
}

/** A weekly series' chart, uploaded as a PNG into a thread (files.uploadV2). */
export async function uploadSeriesChart(client: SlackClient, channel: string, threadTs: string, title: string, unit: string, series: readonly MetricPoint[]): Promise<void> {
  await uploadChart(client, channel, threadTs, weeklySeriesChart(title, unit, series), `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}.png`);
}

async function uploadChart(client: SlackClient, channel: string, threadTs: string, chart: ReturnType<typeof weeklySeriesChart>, filename: string): Promise<void> {
  // Loaded on first use: the canvas binary stays out of processes that never draw.
  const { renderLineChartPng } = await import('../adapters/charts/lineChart');
  const png = renderLineChartPng(chart);
  await client.files.uploadV2({ channel_id: channel, thread_ts: threadTs, file: png, filename, title: chart.title, alt_text: chart.title });
}

/**
 * The team's changes for App Home: those of the newest week (up to the one ending `reportDate`)
 * that has the team's own report — compiled or ingested. A week with only some members'
 * submissions so far is not compared: everything the others will write would show as dropped.
 * The summary names the week, so last week's changes are never passed off as this week's. Null
 * when there are not two weeks to compare; undefined when the knowledge base is not the SQLite one
 * (a stand-in in a test), so App Home leaves the section out.
 */
export function homeChangesFor(kb: KnowledgeBaseApi, team: string, reportDate: string): HomeChanges | null | undefined {
  if (!(kb instanceof KnowledgeBase)) return undefined;
  const teamReports = kb.store.listReports({ team }).filter((r) => !r.submittedBy && r.reportDate <= reportDate);
  const newest = teamReports.map((r) => r.reportDate).sort().pop();
  const changes = newest ? changesForTeamWeek(kb.store, team, newest) : null;
  return changes?.previous ? { weekLabel: changes.weekLabel, ...formatChangesDigest(changes) } : null;
}

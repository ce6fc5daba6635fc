/**
 * Posting the week's changes to a team channel: once per team and week (the claim is a row in the
 * follow-up state — SQLite, or PostgreSQL for replicas — so a restart or a second replica never
 * posts it again), right after the compiled report. One channel message with the summary; the
 * detail lines and a small chart per moved metric in its thread.
 */
import type { Logger } from '@slack/bolt';
import { formatChangesDigest } from '../domain/changes/digest';
import type { MetricChange, MetricPoint } from '../domain/changes/types';
import type { RenderedChart } from '../services/changes/charts';
import type { Followups } from '../services/followups/index';
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
  followups: Followups,
  team: string,
  reportDate: string,
  channel: string,
  logger?: Pick<Logger, 'error'>,
): Promise<DigestPostOutcome> {
  const changes = followups.changesOf(team, reportDate);
  if (!changes || !changes.previous || !changes.changes.length) return 'nothing-to-post';
  const digests = followups.store;
  if (!(await digests.claimChangesDigest(team, reportDate))) return 'already-posted';
  const digest = formatChangesDigest(changes);
  let ts: string | null;
  try {
    ts = (await postMessage(client, channel, changesSummaryMessage(digest))) ?? null;
  } catch (error) {
    // Nothing was shown: give the claim back so the next run posts it.
    await digests.releaseChangesDigest(team, reportDate);
    throw error;
  }
  await digests.recordChangesDigest(team, reportDate, channel, ts);
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
      const chart = (await charts()).renderMetricChartPng(metric, team, DIGEST_CHART_SIZE);
      await uploadChart(client, channel, ts, chart, `${team}-${changes.weekLabel}-指标${i + 1}.png`);
    } catch (error) {
      logger?.error(`uploading the chart of ${metric.subject} failed:`, error);
    }
  }
  return 'posted';
}

/** A weekly series' chart, uploaded as a PNG into a thread (files.uploadV2). */
export async function uploadSeriesChart(client: SlackClient, channel: string, threadTs: string, title: string, unit: string, series: readonly MetricPoint[]): Promise<void> {
  const chart = (await charts()).renderSeriesChartPng(title, unit, series);
  await uploadChart(client, channel, threadTs, chart, `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}.png`);
}

/** Loaded on first use: the canvas binary stays out of processes that never draw. */
function charts() {
  return import('../services/changes/charts');
}

async function uploadChart(client: SlackClient, channel: string, threadTs: string, chart: RenderedChart, filename: string): Promise<void> {
  await client.files.uploadV2({ channel_id: channel, thread_ts: threadTs, file: chart.png, filename, title: chart.title, alt_text: chart.title });
}

/**
 * The team's changes for App Home: those of the newest week (up to the one ending `reportDate`)
 * that has the team's own report — compiled or ingested. A week with only some members'
 * submissions so far is not compared: everything the others will write would show as dropped.
 * The summary names the week, so last week's changes are never passed off as this week's. Null
 * when there are not two weeks to compare; undefined when the app runs without follow-ups (no
 * stored reports to read), so App Home leaves the section out.
 */
export function homeChangesFor(followups: Followups | null, team: string, reportDate: string): HomeChanges | null | undefined {
  if (!followups) return undefined;
  const teamReports = followups.reports.listReports({ team }).filter((r) => !r.submittedBy && r.reportDate <= reportDate);
  const newest = teamReports.map((r) => r.reportDate).sort().pop();
  const changes = newest ? followups.changesOf(team, newest) : null;
  return changes?.previous ? { weekLabel: changes.weekLabel, ...formatChangesDigest(changes) } : null;
}

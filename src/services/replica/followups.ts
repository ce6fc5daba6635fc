/**
 * The follow-ups of whichever knowledge base a front door opened (open.ts). On a replica they read
 * reports from the local copy, write reports (a member's week with their answers, the compiled team
 * report) and claim one-time events through the shared store, and claim each reminder stage in
 * PostgreSQL, so however many replicas run the schedule a member gets each reminder once.
 *
 * Still per replica (kept in the copy's SQLite, not shared): team settings and membership set with
 * /zhoubao team, weeks off, the follow-up prompts and answers, where compiled reports were posted.
 * Settings from the environment (ZHOUBAO_TEAM_CHANNEL, the reminder schedule) are the same on every
 * replica started with the same environment.
 */
import type { Clock } from '../../clock';
import { systemClock } from '../../clock';
import type { Config } from '../../config';
import { FollowupStore } from '../../adapters/store/followupStore';
import type { StorePort } from '../../adapters/store/port';
import { teamDefaultsFrom } from '../../domain/followup/team';
import { changesForTeamWeek } from '../changes/service';
import { createFollowups, openFollowups, type Followups } from '../followups/index';
import type { ReminderClaims } from '../followups/ports';
import { ReplicaKnowledgeBase } from './replicaKnowledgeBase';
import type { OpenedKnowledgeBase } from './open';

export function openFollowupsFor(kb: OpenedKnowledgeBase, config: Config, clock: Clock = systemClock): Followups {
  if (!(kb instanceof ReplicaKnowledgeBase)) return openFollowups(kb, config, clock);
  const local = kb.local;
  const store = new FollowupStore(local.db, clock);
  return createFollowups({
    reports: local.store,
    writer: kb,
    events: kb,
    store,
    defaults: teamDefaultsFrom(config),
    clock,
    changes: (team, reportDate) => changesForTeamWeek(local.store, team, reportDate),
    reminderClaims: sharedReminderClaims(kb.shared, store),
  });
}

/**
 * Claims in the shared store decide; the local reminder log follows (won or lost: either way the stage
 * is taken), so this replica's view of what was sent — which decides the later stages — matches.
 */
export function sharedReminderClaims(shared: StorePort, local: FollowupStore): ReminderClaims {
  return {
    async claim(team, key, scheduledFor) {
      const won = await shared.claimReminderStage({ team, week: key.week, userId: key.userId, stage: key.stage, scheduledFor });
      local.claimReminder(team, key, scheduledFor);
      return won;
    },
    async release(team, key) {
      await shared.releaseReminderStage({ team, week: key.week, userId: key.userId, stage: key.stage });
      local.releaseReminder(team, key);
    },
  };
}

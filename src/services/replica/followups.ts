/**
 * The follow-ups of whichever knowledge base a front door opened (open.ts). On a replica they read
 * reports from the local copy, write reports (a member's week with their answers, the compiled team
 * report) and claim one-time events through the shared store, and keep the follow-up state in
 * PostgreSQL, shared by every replica (followupState.ts): team settings and membership set with
 * /zhoubao team, members away, weeks off, the reminder log, the follow-up prompts and the owners'
 * answers, where compiled reports and change digests were posted. So a follow-up reply that Slack
 * delivers to replica B for a prompt replica A posted is understood; settings made through A hold on
 * B; each reminder stage, the week's compiled report post and its changes digest go out once
 * however many replicas run the schedule (each is a unique row claimed in PostgreSQL).
 *
 * Still per replica: nothing of the follow-up state. Settings from the environment
 * (ZHOUBAO_TEAM_CHANNEL, the reminder schedule) are the same on every replica started with the same
 * environment; each replica runs its own schedule (the claims make the extra runs harmless).
 */
import type { Clock } from '../../clock';
import { systemClock } from '../../clock';
import type { Config } from '../../config';
import { PgFollowupState } from '../../adapters/pg/pgFollowupState';
import { teamDefaultsFrom } from '../../domain/followup/team';
import { changesForTeamWeek } from '../changes/service';
import { createFollowups, openFollowups, type Followups } from '../followups/index';
import { SharedFollowupState } from './followupState';
import { ReplicaKnowledgeBase } from './replicaKnowledgeBase';
import type { OpenedKnowledgeBase } from './open';

export function openFollowupsFor(kb: OpenedKnowledgeBase, config: Config, clock: Clock = systemClock): Followups {
  if (!(kb instanceof ReplicaKnowledgeBase)) return openFollowups(kb, config, clock);
  const local = kb.local;
  return createFollowups({
    reports: local.store,
    writer: kb,
    events: kb,
    // Reads from the replica's copy, writes (stamped with this clock) to PostgreSQL.
    store: new SharedFollowupState(new PgFollowupState(kb.shared.pool, clock), kb.followupCopy, kb.log),
    defaults: teamDefaultsFrom(config),
    clock,
    changes: (team, reportDate) => changesForTeamWeek(local.store, team, reportDate),
  });
}

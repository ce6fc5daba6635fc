/**
 * The follow-up store's rows as plain data: a team's stored settings, the items asked about in
 * threads (prompts) and the owners' answers (updates). The store (adapters/store/followupStore.ts)
 * reads and writes them; services and Slack's blocks read them from here, not from the store.
 */
import type { FollowupItem, MissingReason } from './missingItems';
import type { TeamSection, WeekAnchor } from './team';

export interface TeamRow {
  name: string;
  /** '' = explicitly none; null = the environment default */
  channel: string | null;
  timeZone: string | null;
  reminderCron: string | null;
  /** '' = explicitly no nudge; null = derived from the first reminder */
  nudgeCron: string | null;
  deadlineCron: string | null;
  weekAnchor: WeekAnchor | null;
  sections: TeamSection[] | null;
  admins: string[];
  /** Weeks without news before an item counts as stalled; null = the default */
  stalledAfterWeeks: number | null;
  updatedAt: string;
}

export type TeamPatch = Partial<Omit<TeamRow, 'name' | 'updatedAt'>>;

export type Membership = 'included' | 'excluded';

/** An item asked about, once per owner, week and item; where it was posted once it was. */
export interface PromptRow {
  id: number;
  team: string;
  week: string;
  userId: string;
  itemKey: string;
  reason: MissingReason;
  ordinal: number;
  prompt: string;
  previous: FollowupItem;
  channel: string | null;
  threadTs: string | null;
  messageTs: string | null;
  createdAt: string;
  answeredAt: string | null;
}

export interface NewPrompt {
  key: string;
  reason: MissingReason;
  prompt: string;
  previous: FollowupItem;
}

/** The owner's answer about one item, as the line stored in their report for the week. */
export interface UpdateRow {
  id: number;
  team: string;
  week: string;
  userId: string;
  itemKey: string;
  promptId: number | null;
  sectionPath: string[];
  line: string;
  replyText: string;
  replyTs: string | null;
  createdAt: string;
}

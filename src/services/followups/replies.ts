/**
 * Owners' replies in follow-up threads: whether a message there is an answer at all (a question, a
 * bare "好的", a whole report pasted are not), and storing what it says about each asked item as the
 * item's update for that week.
 */
import type { PromptRow } from '../../domain/followup/records';
import { readFollowupReply, updateLine, type AskedItem } from '../../domain/followup/replies';
import type { CompiledWeek, TeamCompiler } from './compiling';
import type { FollowupState } from './ports';
import type { TeamSettings } from './teams';
import type { OwnerUpdates } from './updates';

export type ReplyPreview = 'not_followup' | 'question' | 'acknowledgement' | 'answer';

export type ReplyOutcome =
  | { kind: 'not_followup' }
  | { kind: 'question' }
  | { kind: 'unclear'; asked: PromptRow[] }
  | { kind: 'stored'; updates: Array<{ prompt: PromptRow; line: string }>; recompiled: CompiledWeek | null };

/** "好的", "收到", "谢谢": polite, but not news about any item. */
const ACKNOWLEDGEMENT = /^(?:好的?|好嘞|收到|谢谢|多谢|感谢|明白|了解|嗯+|ok|okay|👌|👍|🙏)[\s!！。.~～]*$/i;

function askedOf(prompts: readonly PromptRow[]): AskedItem[] {
  return prompts.map((p) => ({ id: p.id, ordinal: p.ordinal, previous: p.previous, answered: p.answeredAt !== null }));
}

export class FollowupReplies {
  constructor(
    private readonly store: FollowupState,
    private readonly teams: TeamSettings,
    private readonly updates: OwnerUpdates,
    private readonly compiler: TeamCompiler,
  ) {}

  /** Whether a message in this thread may be an answer to a follow-up (cheap check before reading it). */
  isFollowupThread(channel: string, threadTs: string): boolean {
    return this.store.isFollowupThread(channel, threadTs);
  }

  /**
   * What a message by `userId` in a thread would be, without storing anything: not about a
   * follow-up (nobody asked them here), a question (for question answering), a bare
   * acknowledgement ("好的", nothing to record), or an answer to read with readReply.
   */
  previewReply(channel: string, threadTs: string, userId: string, text: string): ReplyPreview {
    const prompts = this.store.promptsInThread(channel, threadTs, userId);
    if (!prompts.length) return 'not_followup';
    if (ACKNOWLEDGEMENT.test(text.trim())) return 'acknowledgement';
    // A whole report pasted in the thread (headings, or more lines than items asked) is a submission.
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.some((l) => /^\s*#{1,6}\s/.test(l)) || lines.length > prompts.length + 1) return 'not_followup';
    return readFollowupReply(text, askedOf(prompts)).kind === 'question' ? 'question' : 'answer';
  }

  /**
   * A message by `userId` in a thread: when that thread asked them about items, store what the
   * message says about each as the item's update for that week (in their report, so it is
   * answerable at once), and re-make the week's compiled report if there is one.
   */
  async readReply(channel: string, threadTs: string, userId: string, text: string, replyTs?: string): Promise<ReplyOutcome> {
    const prompts = this.store.promptsInThread(channel, threadTs, userId);
    if (!prompts.length) return { kind: 'not_followup' };
    const reading = readFollowupReply(text, askedOf(prompts));
    if (reading.kind === 'question') return { kind: 'question' };
    if (reading.kind === 'unclear') return { kind: 'unclear', asked: prompts };

    const byId = new Map(prompts.map((p) => [p.id, p]));
    const updates: Array<{ prompt: PromptRow; line: string }> = [];
    for (const part of reading.parts) {
      const prompt = byId.get(part.promptId)!;
      const line = updateLine(prompt.previous, part.text);
      await this.store.saveUpdate({
        team: prompt.team,
        week: prompt.week,
        userId,
        itemKey: prompt.itemKey,
        promptId: prompt.id,
        sectionPath: prompt.previous.sectionPath,
        line,
        replyText: part.text,
        replyTs: replyTs ?? null,
      });
      await this.store.markAnswered(prompt.id);
      updates.push({ prompt, line });
    }
    // One thread is one owner's week; answers for several weeks (rare) are applied week by week.
    let recompiled: CompiledWeek | null = null;
    for (const weekDate of new Set(updates.map((u) => u.prompt.week))) {
      const team = this.teams.team(updates[0].prompt.team);
      const week = this.teams.weekEnding(team, weekDate);
      await this.updates.materialize(team, week, userId);
      recompiled = (await this.compiler.recompileIfCompiled(team, week)) ?? recompiled;
    }
    return { kind: 'stored', updates, recompiled };
  }
}

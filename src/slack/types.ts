/** Slack types used across the Slack layer, taken through @slack/bolt (the one Slack dependency). */
import type { App, types } from '@slack/bolt';

export type SlackClient = App['client'];
export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type Button = types.Button;

/** What a listener posts: fallback text (notifications, screen readers) and Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Requests shaped and signed like Slack's, for driving the real Bolt app over loopback in tests
 * and the latency benchmark: Events API envelopes (JSON), slash commands (form-encoded) and
 * interactivity payloads (form-encoded `payload=`), each signed with v0 HMAC-SHA256.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { LogLevel, type Logger } from '@slack/bolt';

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's v0 signature of `body` at `timestampSec`. */
export function signSlackRequest(signingSecret: string, body: string, timestampSec: number = Math.floor(Date.now() / 1000)): SlackSignatureHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${signature}` };
}

export interface SendOptions {
  /** Signature timestamp (seconds); defaults to now */
  timestampSec?: number;
  /** Replace the computed signature (forgeries) */
  signature?: string;
  /** X-Slack-Retry-Num / X-Slack-Retry-Reason, as Slack sends on redelivery */
  retryNum?: number;
  retryReason?: string;
}

export interface SlackResponse {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the complete response */
  millis: number;
}

export interface WorkspaceIds {
  teamId: string;
  appId: string;
  botUserId: string;
}

let eventCounter = 0;

/** A fresh, unique event id (Ev…), as Slack assigns one per event. */
export function newEventId(): string {
  eventCounter += 1;
  return `Ev${randomBytes(4).toString('hex').toUpperCase()}${eventCounter}`;
}

/** An Events API `event_callback` envelope around `event`, shaped like Slack's documentation. */
export function eventEnvelope(event: Record<string, unknown>, ids: WorkspaceIds, eventId: string = newEventId()): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: ids.teamId,
    api_app_id: ids.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: ids.teamId, user_id: ids.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString('hex')}`,
  };
}

export class SlackRequestSender {
  constructor(
    private readonly options: { url: string; signingSecret: string; ids: WorkspaceIds },
  ) {}

  get ids(): WorkspaceIds {
    return this.options.ids;
  }

  /** POST raw `body` with Slack's headers. */
  async post(body: string, contentType: string, send: SendOptions = {}): Promise<SlackResponse> {
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signSlackRequest(this.options.signingSecret, body, send.timestampSec),
    };
    if (send.signature !== undefined) headers['x-slack-signature'] = send.signature;
    if (send.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(send.retryNum);
      headers['x-slack-retry-reason'] = send.retryReason ?? 'http_timeout';
    }
    const started = performance.now();
    const res = await fetch(this.options.url, { method: 'POST', headers, body });
    const text = await res.text();
    return { status: res.status, body: text, millis: performance.now() - started };
  }

  /** Send an Events API envelope (already built, e.g. to resend the same event_id). */
  sendEnvelope(envelope: Record<string, unknown>, send: SendOptions = {}): Promise<SlackResponse> {
    return this.post(JSON.stringify(envelope), 'application/json', send);
  }

  /** Wrap `event` in an envelope and send it; returns the envelope too so it can be resent. */
  async sendEvent(event: Record<string, unknown>, send: SendOptions & { eventId?: string } = {}): Promise<SlackResponse & { envelope: Record<string, unknown> }> {
    const envelope = eventEnvelope(event, this.options.ids, send.eventId);
    const response = await this.sendEnvelope(envelope, send);
    return { ...response, envelope };
  }

  /** A slash command, form-encoded as Slack sends it. */
  sendCommand(fields: { command: string; text: string; user_id: string; channel_id: string; response_url: string; trigger_id?: string }, send: SendOptions = {}): Promise<SlackResponse> {
    const form = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: this.options.ids.teamId,
      team_domain: 'fake-workspace',
      channel_id: fields.channel_id,
      channel_name: 'general',
      user_id: fields.user_id,
      user_name: fields.user_id.toLowerCase(),
      command: fields.command,
      text: fields.text,
      api_app_id: this.options.ids.appId,
      is_enterprise_install: 'false',
      response_url: fields.response_url,
      trigger_id: fields.trigger_id ?? `${Date.now()}.${randomBytes(4).toString('hex')}`,
    });
    return this.post(form.toString(), 'application/x-www-form-urlencoded', send);
  }

  /** An interactivity payload (block_actions, view_submission), form-encoded as `payload=<json>`. */
  sendInteraction(payload: Record<string, unknown>, send: SendOptions = {}): Promise<SlackResponse> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.post(form.toString(), 'application/x-www-form-urlencoded', send);
  }
}

/** A Bolt logger that says nothing: for apps and receivers under test or under load. */
export const silentSlackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

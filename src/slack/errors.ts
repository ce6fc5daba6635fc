/** A Slack set-up problem the operator must fix (a missing or wrong variable): told in Chinese, and the bot stops. */
export class SlackConfigError extends Error {}

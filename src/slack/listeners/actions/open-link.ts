import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from "@slack/bolt";

/** Link buttons (X's composer, the case card) open in the browser; Slack still expects an ack. */
export function openLink() {
  return async ({ ack }: AllMiddlewareArgs & SlackActionMiddlewareArgs) => {
    await ack();
  };
}

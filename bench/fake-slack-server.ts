// The fake Slack Web API in its own process, so that serving the app's
// follow-up calls does not slow down the process that measures acks.
import { startFakeSlack } from "../test/support/fake-slack.ts";

const fake = await startFakeSlack(process.argv[2]);
process.stdout.write(`${fake.apiUrl}\n`);

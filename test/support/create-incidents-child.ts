// Run as a child process by the crash test: creates incidents until killed.
import { loadConfig, readProcessEnvironment } from "../../src/config.ts";
import { openDeps } from "../../src/main.ts";
import { newIncident } from "./incidents.ts";

const deps = await openDeps(loadConfig(readProcessEnvironment()), { writeLog: () => {} });
for (let i = 0; ; i++) {
  await deps.incidents.create(
    newIncident({
      models: ["anthropic/claude-opus-5", "anthropic/claude-sonnet-5", "anthropic/claude-mythos-5"],
      type: "outage",
      title: `Crash test incident ${i}`,
      description: "x".repeat(2000),
      reporter: "U0EMPLOYEE1",
    }),
  );
}

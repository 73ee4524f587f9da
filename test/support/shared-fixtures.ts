import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `../shared/fixtures/` beside the project root: present in CI, absent in a user's clone. */
const SHARED_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

/**
 * The path of a real shared fixture, or a skip reason for node:test when
 * the shared folder is not there.
 */
export function sharedFixture(relativePath: string): { path: string; skip: false } | { path: null; skip: string } {
  const path = `${SHARED_FIXTURES}${relativePath}`;
  if (existsSync(path)) return { path, skip: false };
  return { path: null, skip: `needs ../shared/fixtures/${relativePath}, which this checkout does not have` };
}

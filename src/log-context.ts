import { AsyncLocalStorage } from "node:async_hooks";

/** Fields every line logged inside a context carries, named as they appear in the line. */
export type LogContext = Readonly<Record<string, string>>;

/**
 * AsyncLocalStorage follows a context through awaits, timers and callbacks,
 * so a line logged deep in a service, by Bolt or by the Web API client, or
 * in follow-up work that runs after the ack, still says which request it
 * belongs to, without every function passing the request along.
 */
const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` added to the current context; fields left undefined are not written. */
export function withLogContext<T>(fields: Readonly<Record<string, string | undefined>>, fn: () => T): T {
  const context: Record<string, string> = { ...storage.getStore() };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) context[key] = value;
  }
  return storage.run(context, fn);
}

/** The context of the code now running, or undefined outside any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/**
 * `fn`, bound to the context it is bound in: for work a library queues now
 * and starts later from whatever happens to free it, another request's
 * context included.
 */
export function bindLogContext<F extends (...args: never[]) => unknown>(fn: F): F {
  return AsyncLocalStorage.bind(fn);
}

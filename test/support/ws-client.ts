import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One subscription's stream as a test sees it: what arrived, and a way to wait for the next. */
export interface Stream<T> {
  received: T[];
  errors: unknown[];
  /** Resolves with the `count`-th item (1-based), waiting up to `timeoutMs`. */
  nth(count: number, timeoutMs?: number): Promise<T>;
  /** Resolves when the server ends the subscription with an error (the error list). */
  failed(timeoutMs?: number): Promise<unknown[]>;
  dispose(): void;
}

/** A real graphql-ws client (the `ws` package) against a listening test app. */
export function wsClient(baseUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

export function subscribe<T = Record<string, unknown>>(client: Client, query: string, variables: Record<string, unknown> = {}): Stream<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) received.push(result.data as T);
        wake();
      },
      error: (error) => {
        errors.push(...(Array.isArray(error) ? error : [error]));
        wake();
      },
      complete: wake,
    },
  );
  const until = async (done: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (received ${received.length}, errors ${JSON.stringify(errors)})`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    received,
    errors,
    nth: async (count, timeoutMs = 10_000) => {
      await until(() => received.length >= count, timeoutMs, `event ${count}`);
      return received[count - 1];
    },
    failed: async (timeoutMs = 10_000) => {
      await until(() => errors.length > 0, timeoutMs, 'an error');
      return errors;
    },
    dispose,
  };
}

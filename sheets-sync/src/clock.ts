/** Time as a dependency, so tests can pass a fixed clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` at the moment it is made and runs on from there, as a wall clock
 * set to another day would: timers and backoff still see real elapsed time.
 */
export function clockStartingAt(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** The process's clock: the system's, or the one `SHEETS_SYNC_NOW` sets for tests and rehearsals. */
export function clockFor(config: { now?: string | undefined }): Clock {
  return config.now ? clockStartingAt(new Date(config.now)) : systemClock;
}

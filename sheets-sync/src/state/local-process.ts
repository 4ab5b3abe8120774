/**
 * Whether a process of this machine still runs: what the records of a holder in the state
 * database (a lease, the running service's address) are checked against, so that a process
 * killed with kill -9 never blocks or misleads the others.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Resolves once the current frame is on screen: requestAnimationFrame runs just before the
 * paint, and the task it queues runs after. For work the first paint must not wait for.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

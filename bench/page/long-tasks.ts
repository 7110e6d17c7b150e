/**
 * Collects main-thread long tasks (50 ms or more, as the Long Tasks API
 * defines them) from page load on, so that a measurement can read those that
 * overlapped its window.
 */
const tasks: { start: number; duration: number }[] = [];

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

export interface LongTaskSummary {
  count: number;
  /** Longest task in ms, or 0 when no task reached 50 ms. */
  longest: number;
  /** Sum of the long tasks' durations inside the window, in ms. */
  total: number;
}

/**
 * Summarizes the long tasks between `from` and `to` (performance.now()
 * times). Entries arrive after their task ends, so this first yields to let
 * the last ones in.
 */
export async function longTasksBetween(from: number, to: number): Promise<LongTaskSummary> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  let longest = 0;
  let total = 0;
  let count = 0;
  for (const task of tasks) {
    const end = task.start + task.duration;
    if (end <= from || task.start >= to) continue;
    const inside = Math.min(end, to) - Math.max(task.start, from);
    count++;
    longest = Math.max(longest, task.duration);
    total += inside;
  }
  return { count, longest, total };
}

/** Counts work in progress (webhooks being stored) so shutdown can wait for it to finish. */
export class InflightCounter {
  private count = 0;
  private waiters: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) {
        for (const wake of this.waiters.splice(0)) wake();
      }
    }
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in flight, or after timeoutMs (false then). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

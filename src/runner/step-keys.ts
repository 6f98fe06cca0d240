/**
 * Numbers repeated names (`send`, `send#2`, `send#3`) in the order the handler reaches them.
 * A generated key never repeats a key already given out, so a step literally named `send#2`
 * and the second `send` get different keys (the second `send` becomes `send#3`).
 */
export class StepKeys {
  private readonly counts = new Map<string, number>()
  private readonly used = new Set<string>()

  next(name: string): { key: string; index: number } {
    const index = (this.counts.get(name) ?? 0) + 1
    this.counts.set(name, index)
    let key = index === 1 ? name : `${name}#${index}`
    for (let n = index; this.used.has(key); ) key = `${name}#${++n}`
    this.used.add(key)
    return { key, index }
  }
}

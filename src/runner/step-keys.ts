/** Numbers repeated names (`send`, `send#2`, `send#3`) in the order the handler reaches them. */
export class StepKeys {
  private readonly counts = new Map<string, number>()

  next(name: string): { key: string; index: number } {
    const index = (this.counts.get(name) ?? 0) + 1
    this.counts.set(name, index)
    return { key: index === 1 ? name : `${name}#${index}`, index }
  }
}

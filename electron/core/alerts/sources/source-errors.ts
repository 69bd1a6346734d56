/** A body that cannot be read as the expected source: the listener answers 400 with this sentence. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SourceError'
  }
}

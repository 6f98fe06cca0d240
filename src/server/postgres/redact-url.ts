/**
 * A connection string as messages may show it: the password (in the URL's userinfo, a
 * `password=` query parameter, or a `password=` keyword) removed.
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/runs') // 'postgres://app@db:5432/runs'
 */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString)
    if (url.password) url.password = ''
    if (url.searchParams.has('password')) url.searchParams.delete('password')
    if (url.host !== '') return url.toString()
  } catch {
    // not a URL: a keyword/value string (host=db password=…)
  }
  return connectionString.replace(/(^|[\s?&:/])(password=)('[^']*'|[^\s&]*)/gi, '$1$2***').replace(/(\/\/[^/:@]*):[^@/]*@/, '$1@')
}

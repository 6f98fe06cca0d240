import { describeIssues } from '../errors/describe-issues.js'
import { AppRequestError } from '../errors/app-request-error.js'
import { ManifestSchema, type Manifest } from '../protocol/manifest.js'
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '../protocol/version.js'
import type { Engine } from './engine.js'
import { httpExecutor, type FetchLike, type HttpExecutorOptions } from './http-executor.js'
import { remoteTaskPolicy } from './remote-task.js'

/** Options of `connectApp`: where the app's `serve()` is, and how to reach it. */
export type ConnectAppOptions = Omit<HttpExecutorOptions, 'clock'>

/** What `connectApp` registered. */
export interface ConnectedApp {
  manifest: Manifest
  /** Ids of the tasks now registered on the engine. */
  taskIds: string[]
}

/**
 * Reads an app's manifest (`GET <url>`) and registers each of its tasks on the engine, run by
 * signed POSTs to the same URL on the engine's clock. Crons in the manifest are armed.
 *
 * @example
 * const engine = new Engine()
 * await connectApp(engine, { url: 'https://myapp.com/api/tasks', signingKey: process.env.BACKLOT_SIGNING_KEY! })
 * engine.trigger('send-email', { to: 'a@b.c' })
 */
export async function connectApp(engine: Engine, options: ConnectAppOptions): Promise<ConnectedApp> {
  const manifest = await readManifest(String(options.url), options.fetch)
  const executor = httpExecutor({ ...options, clock: engine.clock })
  for (const entry of manifest.tasks) engine.register(remoteTaskPolicy(entry), executor)
  return { manifest, taskIds: manifest.tasks.map((t) => t.id) }
}

/**
 * Reads and checks an app's manifest (`GET <url>` of its serve() route). Throws AppRequestError
 * naming the fix when the app is unreachable or answers something else.
 *
 * @example
 * const { tasks } = await readManifest('http://127.0.0.1:3000/api/tasks')
 */
export async function readManifest(url: string, fetchLike?: FetchLike): Promise<Manifest> {
  const doFetch: FetchLike = fetchLike ?? ((request) => fetch(request))
  let response: Response
  try {
    response = await doFetch(new Request(url, { method: 'GET', headers: { accept: 'application/json', [PROTOCOL_VERSION_HEADER]: String(PROTOCOL_VERSION) } }))
  } catch (error) {
    throw new AppRequestError('APP_UNREACHABLE', `Failed to read the manifest of the app at ${url}: ${(error as Error)?.message ?? error}. Check that the app is running and the URL points at its serve() route.`, { cause: error })
  }
  const text = await response.text()
  if (response.status !== 200) {
    throw new AppRequestError('APP_ERROR', `Failed to read the manifest of the app at ${url}: it answered ${response.status} (${text.slice(0, 200)}). Point the URL at the route that exports serve()'s GET.`, { status: response.status })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to read the manifest of the app at ${url}: the answer is not JSON (${JSON.stringify(text.slice(0, 80))}). Point the URL at the route that exports serve()'s GET.`)
  }
  const parsed = ManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, 5)
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to read the manifest of the app at ${url}: ${issues}. Make sure the app runs a compatible backlot version.`)
  }
  const manifest = parsed.data
  if (manifest.version !== PROTOCOL_VERSION) {
    throw new AppRequestError('APP_BAD_RESPONSE', `Failed to connect the app at ${url}: it speaks protocol version ${manifest.version}, this platform ${PROTOCOL_VERSION}. Upgrade backlot so both speak the same version.`)
  }
  return manifest
}

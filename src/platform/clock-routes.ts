import { ClockAdvanceRequestSchema } from '../protocol/api-clock.js'
import type { RouteContext } from './context.js'
import { readJsonBody } from './read-body.js'
import { jsonResponse } from './responses.js'

/** `GET /clock` → 200 `ClockState`. */
export async function getClockRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, ctx.clock.state())
}

/** `POST /clock/advance` `{ duration } | { to }` → 200 `ClockState`; 409 CLOCK_NOT_VIRTUAL on a system clock. */
export async function advanceClockRoute(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, ClockAdvanceRequestSchema, ctx.maxBodyBytes)
  const by = body.duration !== undefined ? { duration: body.duration } : { to: body.to! }
  return jsonResponse(200, await ctx.clock.advance(by))
}

/** `POST /clock/next` → 200 `ClockState`: jumps to the earliest pending timer and fires it. */
export async function nextTimerRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, await ctx.clock.next())
}

/** `POST /clock/run-until-idle` → 200 `ClockState`; 409 CLOCK_STUCK when runs never end. */
export async function runUntilIdleRoute(ctx: RouteContext): Promise<Response> {
  return jsonResponse(200, await ctx.clock.runUntilIdle())
}

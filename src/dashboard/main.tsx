/**
 * @module backlot/dashboard — the browser dashboard: a client of the platform API (docs/protocol.md).
 */
import { render } from 'preact'
import { App } from './app.js'

render(<App />, document.getElementById('app')!)

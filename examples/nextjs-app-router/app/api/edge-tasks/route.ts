import { serve } from 'backlot'
import { sendEmail } from '../../../src/tasks'

// The same tasks served from the Edge runtime.
export const runtime = 'edge'

export const { GET, POST } = serve({ tasks: [sendEmail] })

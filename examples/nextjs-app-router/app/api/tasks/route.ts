import { serve } from 'backlot'
import { sendEmail } from '../../../src/tasks'

// The seed's production shape: the platform calls this route with signed requests.
export const { GET, POST } = serve({ tasks: [sendEmail] })

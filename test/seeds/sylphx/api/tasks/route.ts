// seed 000, "Define a Task" — app/api/tasks/route.ts, verbatim but for the import paths.
import { serve } from 'backlot'
import { sendEmail } from '../../tasks/send-email.js'

// Expose GET (health) and POST (dispatch) handlers
export const { GET, POST } = serve({ tasks: [sendEmail] })

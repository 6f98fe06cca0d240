export default function Home() {
  return (
    <main>
      <h1>backlot on Next.js</h1>
      <p>Tasks are served at /api/tasks (Node runtime) and /api/edge-tasks (Edge runtime).</p>
    </main>
  )
}

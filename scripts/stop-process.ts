import type { ChildProcess } from 'node:child_process';

/** Ends a child by its PID and resolves once it has exited; a child already gone is fine. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGTERM');
  await exited;
}

import { crashLoop } from '../test/helpers/crash-loop'
import { figure, type ScenarioResult } from './lib'

/** Ten SIGKILLs at random points of a storm (the test suite runs three). */
export async function crash(rounds = 10): Promise<ScenarioResult> {
  const r = await crashLoop(rounds)
  return {
    scenario: 'crash',
    description: `SIGKILL at a random point of a storm, ${rounds} times, restarting each time`,
    figures: [
      figure('alerts acknowledged (202)', r.acknowledged, 'alerts'),
      figure('acknowledged alerts lost', r.missing, 'alerts', undefined, 'must be 0'),
      figure(
        'messages repeated after a kill',
        r.repeatMessages,
        'messages',
        undefined,
        `at most one per kill (${rounds}): the one on the wire`,
      ),
      figure(
        'messages sent by a clean restart afterwards',
        r.afterCleanRestart,
        'messages',
        undefined,
        'must be 0',
      ),
      figure('errcode 45009 answers', r.rejected45009, 'answers', undefined, 'must be 0'),
    ],
    notes: [
      `Seed ${r.seed}: RELAY_CRASH_SEED=${r.seed} repeats these kill times.`,
      'Robot window shortened to 1 s (RELAY_ROBOT_WINDOW_MS) against the simulator at 20 per window.',
    ],
  }
}

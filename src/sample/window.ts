/** The days a sample covers: its first midnight (UTC, epoch ms) and how many days follow. */
export interface SimulationWindow {
  startMs: number;
  days: number;
}

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// only what the funnel and segment charts use, so the bundle leaves the rest of Chart.js out
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler, Legend);

/** A chart in `canvas`, drawn at once: no animation, so what a reader (or a screenshot) sees is final. */
export function drawChart<T extends 'bar' | 'line'>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
  const drawnAtOnce = { animation: false, responsive: true, maintainAspectRatio: false } as const;
  return new Chart(canvas, { ...config, options: { ...drawnAtOnce, ...config.options } as ChartConfiguration<T>['options'] });
}

/**
 * What can be taken away of the report shown: its cells as CSV, its deadline figures as CSV (each fetched
 * with the bearer token and saved through a Blob URL), and a printed page. The line `#csv-status` says
 * how the last download went.
 */
import type { CoverageReport } from '../../../../shared/domain/report';
import { byId } from '../../common/dom';
import { saveBlob } from '../common/save-blob';
import { getDeadlinesCsv, getReportCsv } from './api';
import { type Dashboard, problemText } from './context';
import { t } from './i18n';

export interface Downloads {
  /** The report shown changed (or there is none): the buttons follow, the last download's line goes. */
  reportChanged(): void;
  relabel(): void;
  reset(): void;
}

export const createDownloads = (dashboard: Dashboard, shown: () => CoverageReport | undefined): Downloads => {
  const csvButton = byId<HTMLButtonElement>('csv-download');
  const deadlinesButton = byId<HTMLButtonElement>('deadlines-csv-download');
  const printButton = byId<HTMLButtonElement>('print-button');
  const status = byId('csv-status');
  /** As a function so that it re-words itself. */
  let message: (() => string) | undefined;

  const render = () => {
    const none = !shown();
    csvButton.disabled = none;
    deadlinesButton.disabled = none;
    printButton.disabled = none;
    status.textContent = message ? message() : '';
  };

  const download = async (button: HTMLButtonElement, get: typeof getReportCsv) => {
    const reportId = shown()?.reportId;
    if (!reportId) return;
    button.disabled = true;
    message = () => t('reports.csv.preparing');
    render();
    const result = await get(reportId);
    button.disabled = !shown();
    if (result.ok) {
      const { blob, fileName } = result.value;
      saveBlob(blob, fileName);
      message = () => t('reports.csv.done', { file: fileName });
    } else {
      const problem = result.problem;
      if (dashboard.refused(problem)) return;
      message = () => problemText(problem);
    }
    render();
  };

  csvButton.addEventListener('click', () => void download(csvButton, getReportCsv));
  deadlinesButton.addEventListener('click', () => void download(deadlinesButton, getDeadlinesCsv));
  printButton.addEventListener('click', () => window.print());

  return {
    reportChanged: () => {
      message = undefined;
      render();
    },
    relabel: render,
    reset: () => {
      message = undefined;
      render();
    },
  };
};

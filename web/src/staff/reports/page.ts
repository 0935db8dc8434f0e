/**
 * The coverage dashboard (`/reports`): signed in as on the reviewer console (same module, same tab
 * session), a picker of the coverage reports (picker.ts, the latest first), the report chosen
 * (report.ts: the headline figures with their change against the previous report, members by trade and
 * platform, coverage by county against the workforce estimates, grassroots unions, the trend over recent
 * reports of the same kind; the numbers and tables first, the charts once Chart.js has loaded), its CSVs
 * (downloads.ts) and, for administrators, a report made now (generate.ts).
 */ import { byId } from '../../common/dom';
import { onLocaleChange, startLanguage } from '../../common/i18n';
import { createSignIn } from '../common/sign-in';
import type { Dashboard } from './context';
import { createDownloads } from './downloads';
import { createGenerateForm } from './generate';
import { createPicker } from './picker';
import { createReportView } from './report';

startLanguage();

const dashboard: Dashboard = {
  isAdmin: () => signIn.who()?.role === 'admin',
  refused: (problem) => signIn.refused(problem),
};

const picker = createPicker(dashboard, {
  shown: (chosen) => {
    reportView.show(chosen);
    downloads.reportChanged();
  },
  cleared: () => {
    reportView.hide();
    downloads.reportChanged();
  },
});
const reportView = createReportView(picker);
const downloads = createDownloads(dashboard, () => reportView.current());
const generateForm = createGenerateForm(dashboard, async (made) => {
  picker.keep(made);
  await picker.load(made.reportId);
  reportView.focusTitle();
});

const reset = () => {
  picker.reset();
  reportView.reset();
  downloads.reset();
  generateForm.reset();
};

const signIn = createSignIn({
  body: byId('dashboard'),
  signedIn: () => {
    generateForm.show();
    void picker.load();
  },
  signedOut: reset,
});

onLocaleChange(() => {
  signIn.relabel();
  picker.relabel();
  reportView.relabel();
  downloads.relabel();
  generateForm.relabel();
});

void signIn.start();

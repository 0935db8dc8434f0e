/** Saves a Blob as a file: an `<a download>` pointing at a Blob URL, clicked, then let go. */
import { h } from '../../common/dom';

export const saveBlob = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the download starts asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

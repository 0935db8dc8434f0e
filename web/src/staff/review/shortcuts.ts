/**
 * The console's keyboard: j/k or ↓/↑ move between rows, Enter opens, a approves, r rejects (at the
 * reason box), x ticks, / goes to the filters, ? shows the help, Esc closes. The key mapping itself is
 * pure (keys.ts); this wires it to the page.
 */
import { byId } from '../../common/dom';
import type { Detail } from './detail';
import { focusKindOf, type ShortcutAction, shortcutFor } from './keys';
import type { Queue } from './queue';

export interface ShortcutTargets {
  dialog: HTMLDialogElement;
  /** Signed in, with the console on screen. */
  active(): boolean;
  queueShown(): boolean;
  showQueue(): void;
  queue: Queue;
  detail: Detail;
  approve(id: string): void;
}

export const wireShortcuts = (targets: ShortcutTargets): void => {
  const { dialog, queue, detail } = targets;
  const openHelp = () => {
    if (!dialog.open) dialog.showModal();
  };
  byId('shortcuts-button').addEventListener('click', openHelp);
  byId('shortcuts-close').addEventListener('click', () => dialog.close());

  /** Does the action; false when it does not apply here (the key is then left alone). */
  const perform = (action: ShortcutAction): boolean => {
    if (action === 'help') {
      openHelp();
      return true;
    }
    if (action === 'filters') {
      targets.showQueue();
      queue.focusFilters();
      return true;
    }
    if (!targets.queueShown()) return false;
    const id = queue.currentId();
    if (action === 'next' || action === 'previous') {
      queue.move(action === 'next' ? 1 : -1);
      return true;
    }
    if (action === 'close') {
      if (!detail.openId()) return false;
      detail.close();
      return true;
    }
    if (!id) return false;
    if (action === 'open') void detail.open(id);
    else if (action === 'approve') targets.approve(id);
    else if (action === 'reject') void detail.open(id, { focusReason: true });
    else if (action === 'toggle') queue.toggleCurrent();
    return true;
  };

  document.addEventListener('keydown', (event) => {
    // While the help is open, the dialog has the keyboard (Esc closes it).
    if (!targets.active() || event.defaultPrevented || dialog.open) return;
    const action = shortcutFor({
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      isComposing: event.isComposing,
      focus: focusKindOf(document.activeElement),
    });
    if (action && perform(action)) event.preventDefault();
  });
};

/**
 * Keyboard shortcuts of the reviewer console (the `?` dialog lists them). Pure: the page passes the
 * key, its modifiers and what kind of element has focus. Nothing is taken while someone types in a
 * field, and modified keys (Ctrl, ⌘, Alt) always stay the browser's.
 */
export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'approve'
  | 'reject'
  | 'toggle'
  | 'filters'
  | 'help'
  | 'close';

/** `text`: something one types into; `control`: a button, link or box that handles Enter/Space itself. */
export type FocusKind = 'text' | 'control' | 'other';

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
  focus: FocusKind;
}

const BY_KEY: Record<string, ShortcutAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  a: 'approve',
  r: 'reject',
  x: 'toggle',
  '/': 'filters',
  '?': 'help',
  Escape: 'close',
};

export const shortcutFor = (press: KeyPress): ShortcutAction | undefined => {
  if (press.ctrlKey || press.metaKey || press.altKey || press.isComposing) return undefined;
  if (press.focus === 'text') return undefined;
  const action = BY_KEY[press.key];
  // A focused button or link answers Enter itself.
  if (action === 'open' && press.focus === 'control') return undefined;
  return action;
};

const NOT_TYPED_INTO = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'image',
  'file',
  'color',
  'range',
]);

interface FocusLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

/** What kind of element has focus; anything unknown or absent is `other`. */
export const focusKindOf = (element: FocusLike | null | undefined): FocusKind => {
  if (!element?.tagName) return 'other';
  if (element.isContentEditable) return 'text';
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return 'text';
  if (tag === 'INPUT') return NOT_TYPED_INTO.has((element.type ?? 'text').toLowerCase()) ? 'control' : 'text';
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return 'control';
  return 'other';
};

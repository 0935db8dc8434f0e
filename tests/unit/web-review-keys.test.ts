import { describe, expect, it } from 'vitest';
import { focusKindOf, type KeyPress, shortcutFor } from '../../web/src/staff/review/keys';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, focus: 'other', ...extra });

describe('keyboard shortcuts of the reviewer console', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor(press('j'))).toBe('next');
    expect(shortcutFor(press('ArrowDown'))).toBe('next');
    expect(shortcutFor(press('k'))).toBe('previous');
    expect(shortcutFor(press('ArrowUp'))).toBe('previous');
    expect(shortcutFor(press('Enter'))).toBe('open');
    expect(shortcutFor(press('a'))).toBe('approve');
    expect(shortcutFor(press('r'))).toBe('reject');
    expect(shortcutFor(press('x'))).toBe('toggle');
    expect(shortcutFor(press('/'))).toBe('filters');
    expect(shortcutFor(press('?'))).toBe('help');
    expect(shortcutFor(press('Escape'))).toBe('close');
    expect(shortcutFor(press('q'))).toBeUndefined();
    expect(shortcutFor(press('A'))).toBeUndefined();
    expect(shortcutFor(press(' '))).toBeUndefined();
  });

  it('never takes keys typed into a field', () => {
    for (const key of ['j', 'k', 'a', 'r', 'x', '/', '?', 'Enter', 'Escape', 'ArrowDown']) {
      expect(shortcutFor(press(key, { focus: 'text' })), key).toBeUndefined();
    }
  });

  it('leaves modified keys and input-method composition to the browser', () => {
    expect(shortcutFor(press('a', { ctrlKey: true }))).toBeUndefined();
    expect(shortcutFor(press('r', { metaKey: true }))).toBeUndefined();
    expect(shortcutFor(press('j', { altKey: true }))).toBeUndefined();
    expect(shortcutFor(press('a', { isComposing: true }))).toBeUndefined();
  });

  it('lets a focused button or link handle Enter, but still takes letters there', () => {
    expect(shortcutFor(press('Enter', { focus: 'control' }))).toBeUndefined();
    expect(shortcutFor(press('a', { focus: 'control' }))).toBe('approve');
    expect(shortcutFor(press('j', { focus: 'control' }))).toBe('next');
  });

  it('tells fields one types into from controls and the rest', () => {
    expect(focusKindOf(null)).toBe('other');
    expect(focusKindOf(undefined)).toBe('other');
    expect(focusKindOf({ tagName: 'BODY' })).toBe('other');
    expect(focusKindOf({ tagName: 'TR' })).toBe('other');
    expect(focusKindOf({ tagName: 'TEXTAREA' })).toBe('text');
    expect(focusKindOf({ tagName: 'SELECT' })).toBe('text');
    expect(focusKindOf({ tagName: 'INPUT', type: 'text' })).toBe('text');
    expect(focusKindOf({ tagName: 'INPUT', type: 'search' })).toBe('text');
    expect(focusKindOf({ tagName: 'INPUT' })).toBe('text');
    expect(focusKindOf({ tagName: 'INPUT', type: 'checkbox' })).toBe('control');
    expect(focusKindOf({ tagName: 'input', type: 'RADIO' })).toBe('control');
    expect(focusKindOf({ tagName: 'BUTTON' })).toBe('control');
    expect(focusKindOf({ tagName: 'A' })).toBe('control');
    expect(focusKindOf({ tagName: 'DIV', isContentEditable: true })).toBe('text');
  });
});

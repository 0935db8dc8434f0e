/** Small DOM helpers: no framework, just less repetition. */

/** The element with this id; a missing one is a bug in the page, so it throws. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

type Attributes = Record<string, string | boolean | undefined>;

/** Creates an element with attributes (true → present, false/undefined → absent) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) element.append(child);
  return element;
};

/** Replaces an element's children (Element.replaceChildren is too new for some phones). */
export const setChildren = (parent: Element, ...children: Array<Node | string>): void => {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  for (const child of children) parent.append(child);
};

/** Adds or removes one id in an aria-describedby list, keeping the others. */
export const toggleDescribedBy = (element: Element, id: string, present: boolean): void => {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
  if (present) ids.push(id);
  if (ids.length > 0) element.setAttribute('aria-describedby', ids.join(' '));
  else element.removeAttribute('aria-describedby');
};

/** A date and time as people in Zhaotong read it. */
export const formatDateTime = (iso: string, locale: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
};

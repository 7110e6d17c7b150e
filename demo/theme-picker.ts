/**
 * The demo's theme picker: light, dark, and a made-up brand. Each theme is a
 * class on <html> that demo.css fills with the kit's custom properties and
 * CSS parts only, so a product team sees what a host page can change
 * without touching the elements. The choice is kept in localStorage.
 */

const THEMES = [
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
  { id: 'brand', label: 'Brand (Harbor)' },
] as const;

type ThemeId = (typeof THEMES)[number]['id'];

const STORAGE_KEY = 'all-users-demo:theme';

/** Applies a theme to the page. */
export function applyTheme(theme: ThemeId): void {
  const root = document.documentElement;
  root.classList.toggle('demo-dark', theme === 'dark');
  root.classList.toggle('demo-brand', theme === 'brand');
  // Lumo's dark palette covers the Vaadin components inside the elements.
  if (theme === 'dark') root.setAttribute('theme', 'dark');
  else root.removeAttribute('theme');
}

function storedTheme(): ThemeId {
  const stored = localStorage.getItem(STORAGE_KEY);
  return THEMES.find((theme) => theme.id === stored)?.id ?? 'light';
}

function addPicker(): void {
  const actions = document.getElementById('demo-actions');
  if (!actions) return;

  const label = document.createElement('label');
  label.className = 'demo-theme';
  label.textContent = 'Theme ';
  const select = document.createElement('select');
  const current = storedTheme();
  for (const theme of THEMES) select.add(new Option(theme.label, theme.id, false, theme.id === current));
  select.addEventListener('change', () => {
    const theme = select.value as ThemeId;
    localStorage.setItem(STORAGE_KEY, theme);
    applyTheme(theme);
  });
  label.append(select);
  actions.append(label);
  applyTheme(current);
}

addPicker();

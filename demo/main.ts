// Must run first: it sets the default provider before any element connects.
import './data-source.js';
import '../src/index.js';
import './import-wizard.js';
import './users-table.js';
import './users-panel.js';
import './theme-picker.js';
import './locale-picker.js';
import { addSeedControls } from './seed-controls.js';

addSeedControls(document.querySelector<HTMLElement>('#demo-actions')!, document.querySelector<HTMLElement>('#demo-status')!);

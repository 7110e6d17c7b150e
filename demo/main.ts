import '../src/index.js';
import './import-wizard.js';

// The page the strict-policy test drives. It registers the elements from the
// kit's sources and lets the test reach the shared provider.
import '@vaadin/vaadin-lumo-styles/lumo.css';
import '../../../src/elements/csv-import-wizard/define.js';
import '../../../src/elements/user-create-wizard/define.js';
import '../../../src/elements/user-profile/define.js';
import { getDefaultProvider } from '../../../src/data/default-provider.js';

(window as unknown as { kitProvider: unknown }).kitProvider = getDefaultProvider();

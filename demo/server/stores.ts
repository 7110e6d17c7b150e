import { ActivityStore } from './activity.js';
import type { Db } from './db.js';
import { FormStore, GroupStore } from './groups.js';
import { ImportStore } from './imports.js';
import { UserStore, type UserStoreOptions } from './users.js';

/** Every store over one database. */
export class Stores {
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly forms: FormStore;
  readonly activity: ActivityStore;
  readonly imports: ImportStore;

  constructor(db: Db, options: UserStoreOptions) {
    this.users = new UserStore(db, options);
    this.groups = new GroupStore(db, this.users);
    this.forms = new FormStore(db);
    this.activity = new ActivityStore(db);
    this.imports = new ImportStore(db, { users: this.users, groups: this.groups, forms: this.forms }, options);
  }
}

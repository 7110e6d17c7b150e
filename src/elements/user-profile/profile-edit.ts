import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConflictError, ValidationError, isDataError } from '../../data/errors.js';
import type { UserDataProvider } from '../../data/provider.js';
import { describeError } from '../../i18n/data-messages.js';
import type { CountryCode } from '../../model/identifiers.js';
import type { User, UserPatch } from '../../model/types.js';
import { UserFormController } from '../shared/user-form.js';
import { t } from './messages.js';

/** Result of a save, for the host to announce and report. */
export type SaveOutcome =
  | { kind: 'saved'; user: User }
  | { kind: 'invalid' }
  | { kind: 'duplicate' }
  | { kind: 'conflict' }
  | { kind: 'failed'; error: unknown };

/**
 * Edit mode of the profile: the name and identifier form, saving with the
 * version the edit started from, and the conflict that follows when someone
 * else saved first. The stored user is never overwritten without the
 * editor seeing the newer data.
 */
export class ProfileEditController implements ReactiveController {
  readonly form: UserFormController;
  editing = false;
  saving = false;
  /** True after a save lost to a newer version; cleared by {@link reload} or {@link cancel}. */
  conflict = false;
  /** Translated reason of the last failed save. */
  error = '';

  private baseVersion = 0;
  private abort: AbortController | undefined;

  constructor(private readonly host: ReactiveControllerHost & { renderRoot: ParentNode }) {
    this.form = new UserFormController(host);
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
  }

  start(user: User, defaultCountry: CountryCode | undefined): void {
    this.form.defaultCountry = defaultCountry;
    this.form.reset(user);
    this.baseVersion = user.version;
    this.editing = true;
    this.conflict = false;
    this.error = '';
    this.host.requestUpdate();
  }

  cancel(): void {
    this.abort?.abort();
    this.editing = false;
    this.saving = false;
    this.conflict = false;
    this.error = '';
    this.host.requestUpdate();
  }

  /**
   * Validates, checks that no other user owns the identifiers, and stores
   * the changes if the user is still at the version the edit started from.
   */
  async save(provider: UserDataProvider, user: User): Promise<SaveOutcome> {
    this.error = '';
    this.conflict = false;
    const input = this.form.validate();
    if (!input) return this.fail({ kind: 'invalid' }, t('fix-errors'));

    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.saving = true;
    this.host.requestUpdate();

    try {
      const unique = await this.form.checkDuplicates(provider, input.identifiers, user.id, abort.signal);
      if (!unique) return this.fail({ kind: 'duplicate' }, t('fix-errors'));

      const patch: UserPatch = {
        name: input.name,
        firstName: input.firstName,
        lastName: input.lastName,
        identifiers: input.identifiers,
      };
      if (input.primaryChannel) patch.primaryChannel = input.primaryChannel;
      const saved = await provider.updateUser(user.id, patch, this.baseVersion, { signal: abort.signal });
      this.editing = false;
      return { kind: 'saved', user: saved };
    } catch (error) {
      if (error instanceof ConflictError) {
        this.conflict = true;
        return this.fail({ kind: 'conflict' }, '');
      }
      if (error instanceof ValidationError) {
        this.form.applyIssues(error.issues);
        return this.fail({ kind: 'invalid' }, t('fix-errors'));
      }
      if (isDataError(error) && error.code === 'aborted') return { kind: 'failed', error };
      return this.fail({ kind: 'failed', error }, t('save-failed', { reason: describeError(error) }));
    } finally {
      if (this.abort === abort) this.saving = false;
      this.host.requestUpdate();
    }
  }

  /**
   * Loads the stored user after a conflict and restarts the edit from it,
   * dropping the edits that were not saved.
   */
  async reload(provider: UserDataProvider, userId: string): Promise<User> {
    const user = await provider.getUser(userId);
    this.start(user, this.form.defaultCountry);
    return user;
  }

  private fail<T extends SaveOutcome>(outcome: T, message: string): T {
    this.error = message;
    this.host.requestUpdate();
    return outcome;
  }
}

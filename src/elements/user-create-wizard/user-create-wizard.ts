import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConflictError, ValidationError, isDataError } from '../../data/errors.js';
import type { UserDataProvider } from '../../data/provider.js';
import { formatNumber } from '../../i18n/catalog.js';
import { describeError } from '../../i18n/data-messages.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import type { CountryCode } from '../../model/identifiers.js';
import type { ChannelPreference, Group, User, UserInput } from '../../model/types.js';
import { channelLabel } from '../shared/channel.js';
import { renderConfirmDialog } from '../shared/confirm-dialog.js';
import { dispatchDataError, dispatchUserSelect } from '../shared/events.js';
import { ProviderController } from '../shared/provider-controller.js';
import { visuallyHiddenStyles } from '../shared/styles.js';
import { UserFormController } from '../shared/user-form.js';
import { renderIdentifierRows, renderNameFields, renderPrimaryChannel, userFormStyles } from '../shared/user-form-fields.js';
import { GroupNameTakenError, GroupStepController } from './group-step.js';
import { t, type WizardMessage } from './messages.js';
import { wizardStyles } from './styles.js';
import { allowEmptyHTML } from '../shared/trusted-types.js';

/** The wizard's steps, then `done` once the user is created. */
export type CreateWizardStep = 'define' | 'groups' | 'done';

const STEP_TITLES: Record<Exclude<CreateWizardStep, 'done'>, WizardMessage> = {
  define: 'step-define',
  groups: 'step-groups',
};

/**
 * Creates a user by hand in two steps. **Define user data** takes the name,
 * contact identifiers (several of each kind), primary channel and opt-in per
 * channel, validated as every provider validates them. An identifier that
 * already belongs to a user is reported with that user's name and an offer
 * to open them instead. **Select user groups** picks existing groups or
 * adds a new one with a name and description. Create stores the new groups
 * and then the user, with source `internal`, so a cancelled wizard leaves
 * no group behind.
 *
 * @summary Create a user by hand, with validation and duplicate detection.
 *
 * @fires {CustomEvent<{ userId: string }>} user-create - The user was stored; `userId` is the new user's id.
 * @fires {CustomEvent<null>} create-cancel - The wizard was cancelled, after confirmation when values had been entered.
 * @fires {CustomEvent<UserSelectDetail>} user-select - The person chose to open an existing user, the owner of an identifier, or the user just created.
 * @fires {CustomEvent<DataErrorDetail>} data-error - A provider call failed.
 *
 * @csspart steps - The list of steps with the current one marked.
 * @csspart step - The heading and fields of the current step.
 * @csspart name-fields - The full, first and last name fields.
 * @csspart identifiers - The contact identifier rows and the Add identifier button.
 * @csspart identifier-row - One identifier with its channel, value and remove button.
 * @csspart open-duplicate - The button that opens the user who owns an identifier.
 * @csspart select - A channel menu: an identifier's channel or the primary channel.
 * @csspart preferences - The opt-in checkbox per channel.
 * @csspart group-search - The group search field.
 * @csspart group-list - The checkboxes of existing groups.
 * @csspart new-group - The form that creates a group.
 * @csspart message - The step's error or progress message.
 * @csspart footer - The Cancel, Back, Next and Create buttons.
 *
 * @cssprop [--user-create-wizard-space=1rem] - Spacing between blocks.
 * @cssprop [--user-create-wizard-border-color=var(--all-users-border-color, #d0d7de)] - Border above the buttons.
 * @cssprop [--user-create-wizard-secondary-text-color=var(--all-users-secondary-text-color, #57606a)] - Hints and counts.
 * @cssprop [--user-create-wizard-error-color=var(--all-users-error-color, #b3261e)] - Error messages.
 * @cssprop [--user-create-wizard-current-step-color=var(--all-users-accent-color, #0969da)] - The current step in the step list.
 * @cssprop [--user-create-wizard-group-list-height=16rem] - Maximum height of the group list before it scrolls.
 */
export class UserCreateWizard extends LitElement {
  static override styles = [wizardStyles, userFormStyles, visuallyHiddenStyles];

  private readonly locale = new LocaleController(this);
  private readonly providers = new ProviderController(this, {
    onChange: (change) => {
      const groupsChanged = change.entity === 'groups' || change.entity === 'all';
      if (groupsChanged && this.groupStep.status === 'ready') void this.groupStep.load(this.providers.value);
    },
  });
  private readonly form = new UserFormController(this);
  private readonly groupStep = new GroupStepController(this, {
    announce: (message) => (this.announcement = message),
    reportError: (error) => dispatchDataError(this, error),
  });
  private abort: AbortController | undefined;
  // The input that passed step 1, stored as it was validated.
  private validated: (UserInput & { name: string }) | undefined;

  @state() private step: CreateWizardStep = 'define';
  @state() private preferences: Record<string, ChannelPreference> = {};
  @state() private busy: '' | 'checking' | 'creating' = '';
  // The step's error, as a function so that it follows a locale switch.
  @state() private message: (() => string) | undefined;
  // A function, so that the live region follows a locale switch.
  @state() private announcement: () => string = () => '';
  @state() private confirmingCancel = false;
  @state() private created: User | undefined;

  /**
   * Data provider; when unset, an ancestor's `providerContext` or the shared default is used.
   * @default undefined
   */
  @property({ attribute: false }) provider: UserDataProvider | undefined;

  /**
   * ISO 3166-1 alpha-2 country for phone numbers written without a country code, such as `GB`; none by default.
   * @default undefined
   */
  @property({ attribute: 'default-country' }) defaultCountry: CountryCode | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    allowEmptyHTML();
    if (this.form.rows.length === 0) this.form.reset();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  /** The step shown now. */
  get currentStep(): CreateWizardStep {
    return this.step;
  }

  /** True when the person entered something that Cancel would discard. */
  get hasUnsavedInput(): boolean {
    const groupStep = this.groupStep;
    const groupsChosen = groupStep.selected.size > 0 || groupStep.newGroups.length > 0;
    return this.step !== 'done' && (this.form.dirty || groupsChosen || Object.keys(this.preferences).length > 0);
  }

  /** Clears every value and returns to the first step, without asking. */
  reset(): void {
    this.abort?.abort();
    this.form.reset();
    this.groupStep.reset();
    this.preferences = {};
    this.validated = undefined;
    this.created = undefined;
    this.busy = '';
    this.message = undefined;
    this.confirmingCancel = false;
    this.step = 'define';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('defaultCountry')) this.form.defaultCountry = this.defaultCountry;
  }

  protected override render() {
    return html`
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement()}</div>
      ${this.step === 'done' ? this.renderDone() : this.renderStep(this.step)}
      ${renderConfirmDialog({
        className: 'discard-dialog',
        header: t('discard-heading'),
        text: t('discard-text'),
        confirmText: t('discard'),
        cancelText: t('keep-editing'),
        opened: this.confirmingCancel,
        dir: this.locale.dir,
        confirm: () => this.discard(),
        dismiss: () => (this.confirmingCancel = false),
      })}
    `;
  }

  private renderStep(step: Exclude<CreateWizardStep, 'done'>): TemplateResult {
    const steps = Object.keys(STEP_TITLES) as Exclude<CreateWizardStep, 'done'>[];
    return html`
      <ol class="steps" part="steps" aria-label=${t('steps')}>
        ${steps.map(
          (candidate, position) =>
            html`<li aria-current=${candidate === step ? 'step' : 'false'} data-number=${formatNumber(position + 1)}
              >${t(STEP_TITLES[candidate])}</li
            >`,
        )}
      </ol>
      <section class="step" part="step" aria-labelledby="step-heading">
        <h2 id="step-heading" tabindex="-1">${t(STEP_TITLES[step])}</h2>
        ${step === 'define' ? this.renderDefineStep() : this.groupStep.render(this.activeProvider())}
        ${this.message
          ? html`<p class="error step-message" part="message" role="alert">${this.message()}</p>`
          : this.busy
            ? html`<p class="muted step-message" part="message">${t(this.busy)}</p>`
            : nothing}
      </section>
      <div class="footer" part="footer">
        <vaadin-button class="cancel" @click=${() => this.requestCancel()}>${t('cancel')}</vaadin-button>
        ${step === 'groups'
          ? html`<vaadin-button class="back" ?disabled=${Boolean(this.busy)} @click=${() => this.goTo('define')}
              >${t('back')}</vaadin-button>`
          : nothing}
        ${step === 'define'
          ? html`<vaadin-button class="next" theme="primary" ?disabled=${Boolean(this.busy)} @click=${() => void this.next()}
              >${t('next')}</vaadin-button>`
          : html`<vaadin-button class="create" theme="primary" ?disabled=${Boolean(this.busy)} @click=${() => void this.create()}
              >${t('create')}</vaadin-button>`}
      </div>
    `;
  }

  private renderDefineStep(): TemplateResult {
    const form = this.form;
    const openUser = (userId: string) => dispatchUserSelect(this, userId);
    return html`
      ${renderNameFields(form)} ${renderIdentifierRows(form, { openUser })} ${renderPrimaryChannel(form)}
      ${this.renderPreferences()}
    `;
  }

  private renderPreferences(): TemplateResult {
    const channels = this.form.channelsInUse;
    return html`
      <fieldset class="preferences" part="preferences">
        <legend>${t('preferences')}</legend>
        <p class="muted">${channels.length > 0 ? t('preferences-hint') : t('preferences-empty')}</p>
        <ul>
          ${channels.map(
            (kind) => html`<li>
              <vaadin-checkbox
                data-channel=${kind}
                label=${t('opted-in', { channel: channelLabel(kind) })}
                .checked=${this.preferences[kind] === 'opted-in'}
                @checked-changed=${(event: CustomEvent<{ value: boolean }>) => this.setPreference(kind, event.detail.value)}
              ></vaadin-checkbox>
            </li>`,
          )}
        </ul>
      </fieldset>
    `;
  }

  private renderDone(): TemplateResult {
    const user = this.created;
    return html`
      <section class="step done" part="step" aria-labelledby="step-heading">
        <h2 id="step-heading" tabindex="-1">${t('created', { name: user?.name ?? '' })}</h2>
        <div class="buttons">
          ${user
            ? html`<vaadin-button class="open-created" theme="primary" @click=${() => dispatchUserSelect(this, user.id)}
                >${t('open-created', { name: user.name })}</vaadin-button>`
            : nothing}
          <vaadin-button class="create-another" @click=${() => this.startOver()}>${t('create-another')}</vaadin-button>
        </div>
      </section>
    `;
  }

  private activeProvider(): UserDataProvider | undefined {
    return this.isConnected ? this.providers.value : undefined;
  }

  private setPreference(kind: string, optedIn: boolean): void {
    const value: ChannelPreference = optedIn ? 'opted-in' : 'opted-out';
    if (this.preferences[kind] === value || (!optedIn && !this.preferences[kind])) return;
    this.preferences = { ...this.preferences, [kind]: value };
  }

  private async next(): Promise<void> {
    const provider = this.activeProvider();
    this.message = undefined;
    const input = this.form.validate();
    if (!input || !provider) {
      this.message = () => t('fix-errors');
      await this.focusFirstInvalid();
      return;
    }

    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.busy = 'checking';
    try {
      const unique = await this.form.checkDuplicates(provider, input.identifiers, undefined, abort.signal);
      if (abort.signal.aborted) return;
      if (!unique) {
        this.message = () => t('duplicates');
        await this.focusFirstInvalid();
        return;
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.message = () => t('check-failed', { reason: describeError(error) });
      dispatchDataError(this, error);
      return;
    } finally {
      if (this.abort === abort) this.busy = '';
    }

    this.validated = input;
    if (this.groupStep.status === 'idle' || this.groupStep.status === 'error') void this.groupStep.load(provider);
    await this.goTo('groups');
  }

  private async create(): Promise<void> {
    const provider = this.activeProvider();
    const validated = this.validated;
    if (!provider || !validated || this.busy) return;
    this.message = undefined;
    this.busy = 'creating';

    // Every channel the user can be reached on gets an explicit choice, so
    // an unticked box is stored as an opt-out rather than left unknown.
    const preferences: Record<string, ChannelPreference> = {};
    for (const { kind } of validated.identifiers) preferences[kind] = this.preferences[kind] ?? 'opted-out';

    // New groups are created only now, so that a cancelled wizard leaves
    // none behind. When the user cannot be stored, the groups created for
    // it are deleted again.
    const createdGroups: Group[] = [];
    try {
      const groupIds = await this.groupStep.createNewGroups(provider, createdGroups);
      const input: UserInput = { ...validated, preferences, source: { type: 'internal' }, groupIds };
      const user = await provider.createUser(input);
      this.created = user;
      this.step = 'done';
      this.announcement = () => t('created', { name: user.name });
      this.dispatchEvent(new CustomEvent('user-create', { detail: { userId: user.id }, bubbles: true, composed: true }));
      await this.focusHeading();
    } catch (error) {
      await this.deleteGroups(provider, createdGroups);
      await this.showCreateError(provider, validated, error);
    } finally {
      this.busy = '';
    }
  }

  private async deleteGroups(provider: UserDataProvider, groups: readonly Group[]): Promise<void> {
    for (const group of groups) {
      try {
        await provider.deleteGroup(group.id);
      } catch (error) {
        // TODO: a group whose deletion failed stays in the provider, empty; only the data-error event reports it.
        dispatchDataError(this, error);
      }
    }
  }

  // A conflict or a validation error belongs to the first step's fields, so
  // the wizard goes back there and shows it beside them.
  private async showCreateError(provider: UserDataProvider, validated: UserInput, error: unknown): Promise<void> {
    if (error instanceof GroupNameTakenError) {
      await this.groupStep.replaceTakenGroup(provider, error.groupName);
      this.message = () => t('group-name-taken', { name: error.groupName });
      return;
    }
    if (error instanceof ConflictError) {
      await this.goTo('define');
      await this.form.checkDuplicates(provider, validated.identifiers).catch(() => true);
      this.message = () => t('create-conflict');
      return;
    }
    if (error instanceof ValidationError) {
      await this.goTo('define');
      this.form.applyIssues(error.issues);
      this.message = () => t('fix-errors');
      return;
    }
    if (isDataError(error) && error.code === 'aborted') return;
    this.message = () => t('create-failed', { reason: describeError(error) });
    dispatchDataError(this, error);
  }

  private requestCancel(): void {
    if (this.hasUnsavedInput) {
      this.confirmingCancel = true;
      return;
    }
    this.discard();
  }

  private discard(): void {
    this.reset();
    this.dispatchEvent(new CustomEvent('create-cancel', { detail: null, bubbles: true, composed: true }));
  }

  private async startOver(): Promise<void> {
    this.reset();
    this.announceStep('define');
    await this.focusHeading();
  }

  private async goTo(step: Exclude<CreateWizardStep, 'done'>): Promise<void> {
    this.message = undefined;
    this.step = step;
    this.announceStep(step);
    await this.focusHeading();
  }

  private announceStep(step: Exclude<CreateWizardStep, 'done'>): void {
    const steps = Object.keys(STEP_TITLES);
    this.announcement = () =>
      t('step-announcement', {
        step: steps.indexOf(step) + 1,
        count: steps.length,
        title: t(STEP_TITLES[step]),
      });
  }

  private async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#step-heading')?.focus();
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[invalid]')?.focus();
  }
}

import type { UserFilter, UserSelection } from '../../data/provider.js';

/**
 * The rows the user selected: either explicit ids, or every user matching a
 * filter except the ids the user unchecked afterwards. The second form never
 * loads ids, so "select all" works the same for ten users and for a million.
 */
export class TableSelection {
  private matchingFilter: UserFilter | undefined;
  /** Selected ids, or, when matching a filter, the ids left out. */
  private readonly ids = new Set<string>();

  /** True when the selection is every user matching a filter. */
  get isMatchingAll(): boolean {
    return this.matchingFilter !== undefined;
  }

  /** The filter of an all-matching selection. */
  get filter(): UserFilter | undefined {
    return this.matchingFilter;
  }

  has(id: string): boolean {
    return this.isMatchingAll ? !this.ids.has(id) : this.ids.has(id);
  }

  /** Selects or deselects one user. */
  toggle(id: string, selected: boolean = !this.has(id)): void {
    const inSet = this.isMatchingAll ? !selected : selected;
    if (inSet) this.ids.add(id);
    else this.ids.delete(id);
  }

  /** Selects every user that matches `filter`, now and after later writes. */
  selectAllMatching(filter: UserFilter): void {
    this.matchingFilter = filter;
    this.ids.clear();
  }

  clear(): void {
    this.matchingFilter = undefined;
    this.ids.clear();
  }

  /**
   * Returns how many users are selected. For an all-matching selection this
   * is the matching total minus the unchecked ids, so it assumes those ids
   * still match. The count a bulk action reports is exact.
   */
  count(matchingTotal: number): number {
    if (!this.isMatchingAll) return this.ids.size;
    return Math.max(0, matchingTotal - this.ids.size);
  }

  /** Returns the selection in the provider's form, or null when nothing is selected. */
  toUserSelection(): UserSelection | null {
    if (this.matchingFilter) {
      return this.ids.size > 0
        ? { filter: this.matchingFilter, exceptIds: [...this.ids] }
        : { filter: this.matchingFilter };
    }
    return this.ids.size > 0 ? { ids: [...this.ids] } : null;
  }
}

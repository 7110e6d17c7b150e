/** Detail of `user-select`: the user to open. */
export interface UserSelectDetail {
  userId: string;
}

/** Detail of `data-error`: what a provider threw. */
export interface DataErrorDetail {
  error: unknown;
}

/** Fires `data-error`, which crosses shadow roots so the host page can log or report it. */
export function dispatchDataError(target: EventTarget, error: unknown): void {
  target.dispatchEvent(
    new CustomEvent<DataErrorDetail>('data-error', { detail: { error }, bubbles: true, composed: true }),
  );
}

/** Fires `user-select` to ask the host page to open a user. */
export function dispatchUserSelect(target: EventTarget, userId: string): void {
  target.dispatchEvent(
    new CustomEvent<UserSelectDetail>('user-select', { detail: { userId }, bubbles: true, composed: true }),
  );
}

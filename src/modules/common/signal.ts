/**
 * A notification without a payload whose listener is attached after the notifiers are built: it
 * breaks a construction cycle in the open instead of a closure reaching an object that does not
 * exist yet. Notifications before `listen` are dropped; a second `listen` replaces the first.
 */
export class Signal {
  private listener: () => void = () => undefined;

  notify(): void {
    this.listener();
  }

  listen(listener: () => void): void {
    this.listener = listener;
  }
}

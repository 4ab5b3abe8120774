import { Component, Fragment, type ReactNode } from "react";
import { distrustStoredValues } from "../../lib/storage";

interface GuardState {
  failed: boolean;
  /** Renders of the popup so far: the children's key, so a new attempt starts afresh. */
  attempt: number;
}

/**
 * The popup reads stored values as they are once this version has checked them (lib/storage.ts,
 * "Trust"). Should one still be of a shape the popup cannot render (written by hand in the
 * developer tools, or by a bug), the popup would go blank and stay so. This boundary makes that
 * heal: on a render error it drops the stamp, so every read goes through the schemas (which treat
 * an unreadable value as missing, and the worker refetches the snapshot), and renders the popup
 * again from scratch, once. A second failure is not the storage's: it says so in one line.
 */
export class StoredValuesGuard extends Component<{ children: ReactNode }, GuardState> {
  override state: GuardState = { failed: false, attempt: 0 };

  static getDerivedStateFromError(): Partial<GuardState> {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error("rete-urp: the popup failed to render", error);
    if (this.state.attempt > 0) return;
    void distrustStoredValues()
      .catch(() => undefined)
      .then(() => this.setState({ failed: false, attempt: 1 }));
  }

  override render(): ReactNode {
    if (!this.state.failed) return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
    if (this.state.attempt === 0) return <div className="popup" aria-busy="true" />;
    return (
      <p className="notice notice-error" role="alert" data-testid="popup-failed">
        {chrome.i18n.getMessage("popupFailed") || "Il popup non riesce a mostrare i dati salvati."}
      </p>
    );
  }
}

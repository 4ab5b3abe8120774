import type { Coordination } from "@rete-urp/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { type Connection, fetchCoordination } from "../../lib/api";
import { ServiceError } from "../../lib/service-error";
import { withoutBidiControls } from "../shell/use-popup-state";

export interface CoordinationState {
  /** The last answer, kept while a refresh is on its way or after it failed. */
  data: Coordination | null;
  loading: boolean;
  error: ServiceError | null;
  reload: () => void;
}

/**
 * GET /coordination when the view opens and again on `reload` (the "Aggiorna" button, or after
 * an invitation or a revocation). Not cached: it is the coordinator's live view of the service,
 * and only they ever open it. A 403 `not_coordinator` (the Ruolo was changed in the sheet since
 * the snapshot) calls `onNotCoordinator`, so the popup hides the tab.
 */
export function useCoordination(connection: Connection, onNotCoordinator: () => void): CoordinationState {
  const [data, setData] = useState<Coordination | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ServiceError | null>(null);
  const [version, setVersion] = useState(0);
  const notCoordinator = useRef(onNotCoordinator);
  notCoordinator.current = onNotCoordinator;
  const { serviceUrl, token } = connection;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload request.
  useEffect(() => {
    let current = true;
    setLoading(true);
    fetchCoordination({ serviceUrl, token })
      .then((answer) => {
        if (!current) return;
        // Sheet text (problems, names, titles): no bidirectional controls, as in the snapshot.
        setData(withoutBidiControls(answer));
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!current) return;
        const problem = failure instanceof ServiceError ? failure : new ServiceError("bad_response", String(failure));
        if (problem.known === "not_coordinator") notCoordinator.current();
        setError(problem);
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [serviceUrl, token, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, loading, error, reload };
}
